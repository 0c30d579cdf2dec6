/**
 * E-mail templates, in Italian and English. Each template is a typed function of its data, so a
 * missing variable is a type error, and tests/unit/mail-templates.test.ts renders every template in
 * both languages. The HTML is accessible (lang, one heading, real links, enough contrast) and has
 * no remote image or font that a mail client would block; every message has a plain-text part.
 */
export type MailLocale = 'it' | 'en';

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

export interface MailParts {
  subject: string;
  heading: string;
  paragraphs: string[];
  /** a list under the paragraphs (people, modules…) */
  list?: string[];
  action?: { label: string; url: string };
  after?: string[];
}

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function renderMail(locale: MailLocale, p: MailParts): RenderedMail {
  const footer =
    locale === 'it'
      ? 'Aula · Scuola Superiore Sant’Anna – area DREAM · Progetto LUMIT, Prefettura di Lucca. Messaggio automatico: non rispondere.'
      : 'Aula · Scuola Superiore Sant’Anna – DREAM · LUMIT project, Prefettura di Lucca. Automatic message: do not reply.';
  const text = [
    p.heading,
    '',
    ...p.paragraphs.flatMap((x) => [x, '']),
    ...(p.list?.length ? [...p.list.map((x) => `- ${x}`), ''] : []),
    ...(p.action ? [`${p.action.label}:`, p.action.url, ''] : []),
    ...(p.after ?? []).flatMap((x) => [x, '']),
    '--',
    footer,
  ].join('\n');
  const para = (x: string) => `<p style="margin:0 0 16px 0;font-size:16px;line-height:1.5;color:#1a1a1a;">${escape(x)}</p>`;
  const list = p.list?.length ? `<ul style="margin:0 0 16px 0;padding-left:24px;font-size:16px;line-height:1.5;color:#1a1a1a;">${p.list.map((x) => `<li>${escape(x)}</li>`).join('')}</ul>` : '';
  const copyHint = (url: string) =>
    para(locale === 'it' ? `Se il pulsante non funziona, copia questo indirizzo nel browser: ${url}` : `If the button does not work, copy this address into your browser: ${url}`);
  const action = p.action
    ? `<p style="margin:24px 0;"><a href="${escape(p.action.url)}" style="display:inline-block;background:#0066cc;color:#ffffff;padding:12px 20px;border-radius:4px;font-size:16px;font-weight:600;text-decoration:underline;">${escape(p.action.label)}</a></p>\n${copyHint(p.action.url)}`
    : '';
  const html = `<!DOCTYPE html>
<html lang="${locale}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escape(p.subject)}</title></head>
<body style="margin:0;padding:0;background:#f5f5f0;font-family:'Titillium Web',Geneva,Tahoma,sans-serif;">
<div role="article" aria-roledescription="email" lang="${locale}" style="max-width:600px;margin:0 auto;background:#ffffff;">
<div style="background:#0066cc;padding:16px 24px;"><p style="margin:0;color:#ffffff;font-size:22px;font-weight:700;">Aula</p></div>
<div style="padding:24px;">
<h1 style="margin:0 0 16px 0;font-size:24px;line-height:1.3;color:#1a1a1a;">${escape(p.heading)}</h1>
${p.paragraphs.map(para).join('\n')}
${list}
${action}
${(p.after ?? []).map(para).join('\n')}
</div>
<div style="padding:16px 24px;border-top:1px solid #d9d9d9;"><p style="margin:0;font-size:13px;line-height:1.4;color:#4d4d4d;">${escape(footer)}</p></div>
</div>
</body>
</html>`;
  return { subject: p.subject, text, html };
}

export const templates = {
  invite(locale: MailLocale, d: { url: string; days: number }) {
    return locale === 'it'
      ? renderMail(locale, {
          subject: 'Invito ad Aula',
          heading: 'Hai ricevuto un invito su Aula',
          paragraphs: [
            'Aula è la piattaforma di formazione del corso DREAM per chi lavora negli uffici pubblici e agli sportelli immigrati.',
            `Apri il link entro ${d.days} giorni per scegliere la tua password. Il link vale una sola volta.`,
          ],
          action: { label: 'Scegli la password', url: d.url },
        })
      : renderMail(locale, {
          subject: 'Invitation to Aula',
          heading: 'You have been invited to Aula',
          paragraphs: [
            'Aula is the training platform of the DREAM course for staff of public offices and immigrant help desks.',
            `Open the link within ${d.days} days to choose your password. The link works once.`,
          ],
          action: { label: 'Choose your password', url: d.url },
        });
  },
  reset(locale: MailLocale, d: { url: string }) {
    return locale === 'it'
      ? renderMail(locale, {
          subject: 'Aula: reimpostazione della password',
          heading: 'Reimposta la password',
          paragraphs: ['È stata chiesta la reimpostazione della tua password su Aula.', 'Apri il link entro un’ora per sceglierne una nuova.'],
          action: { label: 'Scegli una nuova password', url: d.url },
          after: ['Se non l’hai chiesto tu, ignora questo messaggio: la password resta quella di prima.'],
        })
      : renderMail(locale, {
          subject: 'Aula: password reset',
          heading: 'Reset your password',
          paragraphs: ['Someone asked to reset your Aula password.', 'Open the link within one hour to choose a new one.'],
          action: { label: 'Choose a new password', url: d.url },
          after: ['If it was not you, ignore this message: your password stays the same.'],
        });
  },
  /** a course assignment's reminder: `days` before the due date (negative: after it) */
  reminder(locale: MailLocale, d: { course: string; dueOn: string; days: number; url: string }) {
    const it = locale === 'it';
    const when =
      d.days > 0
        ? it
          ? `Mancano ${d.days} giorni alla scadenza del ${d.dueOn}.`
          : `${d.days} days are left before the due date, ${d.dueOn}.`
        : d.days === 0
          ? it
            ? `Il corso scade oggi, ${d.dueOn}.`
            : `The course is due today, ${d.dueOn}.`
          : it
            ? `La scadenza del ${d.dueOn} è passata e il corso non risulta completato.`
            : `The due date, ${d.dueOn}, has passed and the course is not complete.`;
    return renderMail(locale, {
      subject: it ? `Promemoria: corso «${d.course}»` : `Reminder: course “${d.course}”`,
      heading: it ? `Promemoria del corso «${d.course}»` : `Reminder of the course “${d.course}”`,
      paragraphs: [it ? `Il tuo coordinatore ti ha assegnato il corso «${d.course}».` : `Your coordinator assigned you the course “${d.course}”.`, when],
      action: { label: it ? 'Riprendi il corso' : 'Resume the course', url: d.url },
    });
  },
  /** the weekly digest of a coordinator: overdue people and the week's completions */
  digest(locale: MailLocale, d: { overdue: string[]; completed: string[]; url: string }) {
    const it = locale === 'it';
    return renderMail(locale, {
      subject: it ? 'Aula: riepilogo settimanale della formazione' : 'Aula: weekly training summary',
      heading: it ? 'Riepilogo settimanale' : 'Weekly summary',
      paragraphs: [
        it ? `Completamenti della settimana: ${d.completed.length}. Persone in ritardo: ${d.overdue.length}.` : `Completions this week: ${d.completed.length}. People overdue: ${d.overdue.length}.`,
      ],
      list: [...d.overdue.map((x) => (it ? `In ritardo: ${x}` : `Overdue: ${x}`)), ...d.completed.map((x) => (it ? `Completato: ${x}` : `Completed: ${x}`))].slice(0, 50),
      action: { label: it ? 'Apri il cruscotto' : 'Open the dashboard', url: d.url },
    });
  },
  /** a generic message composed by a domain (reminders, digests, notices) from its own parts */
  notice(locale: MailLocale, d: MailParts) {
    return renderMail(locale, d);
  },
} satisfies Record<string, (locale: MailLocale, data: never) => RenderedMail>;

export type TemplateName = keyof typeof templates;
export type TemplateData<N extends TemplateName> = Parameters<(typeof templates)[N]>[1];

export function renderTemplate<N extends TemplateName>(name: N, locale: MailLocale, data: TemplateData<N>): RenderedMail {
  return (templates[name] as (l: MailLocale, d: TemplateData<N>) => RenderedMail)(locale, data);
}

/** Sample data for every template (tests render each one with it, in both languages). */
export const SAMPLE_DATA: { [N in TemplateName]: TemplateData<N> } = {
  invite: { url: 'https://aula.example/invito/abc', days: 7 },
  reset: { url: 'https://aula.example/reimposta-password/abc' },
  reminder: { course: 'DREAM', dueOn: '31/03/2027', days: 7, url: 'https://aula.example/corsi/dream' },
  digest: { overdue: ['Giulia Rossi – DREAM (31/03/2027)'], completed: ['Mario Bianchi – DREAM'], url: 'https://aula.example/coordinamento' },
  notice: { subject: 'Promemoria', heading: 'Scadenza vicina', paragraphs: ['Il corso scade tra 7 giorni.'], list: ['Modulo 1'], action: { label: 'Apri', url: 'https://aula.example/corsi' } },
};
