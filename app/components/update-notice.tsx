/**
 * The "Aggiornamento" notice: the modules a law change updated since the learner read them, each
 * with the plain-Italian summary, a link to "cosa è cambiato" and the step that brings it up to date.
 */
import { Link } from '@remix-run/react';
import { formatDate, useLocale, useT } from '~/i18n/i18n';

export interface UpdatedModule {
  slug: string;
  title: string;
  update: { needsRead: boolean; needsQuiz: boolean; changes: Array<{ versionNo: number; summary: string; publishedAt: Date | string }>; dueOn?: string | null; overdue?: boolean };
}

export function UpdateNotice({ courseSlug, modules, level = 2 }: { courseSlug: string; modules: UpdatedModule[]; level?: 2 | 3 }) {
  const t = useT();
  const locale = useLocale();
  if (!modules.length) return null;
  const Heading = level === 2 ? 'h2' : 'h3';
  const Sub = level === 2 ? 'h3' : 'h4';
  const id = `aggiornamento-${courseSlug}`;
  return (
    <section className="alert alert-warning my-4 aula-update-notice" aria-labelledby={id} data-testid="update-notice">
      <Heading id={id} className="h4">
        {t('update.notice.title')}
      </Heading>
      <p>{t('update.notice.lead')}</p>
      {modules.map((m) => (
        <div key={m.slug} className="mt-3">
          <Sub className="h6 mb-1">{t('update.notice.module', { title: m.title })}</Sub>
          <ul className="mb-2">
            {m.update.changes.map((c) => (
              <li key={c.versionNo}>
                <span lang="it">{c.summary}</span> <span className="small">({t('update.notice.published', { date: formatDate(c.publishedAt, locale) })})</span>
              </li>
            ))}
          </ul>
          <UpdateDue dueOn={m.update.dueOn} overdue={m.update.overdue} />
          <p className="mb-0 d-flex flex-wrap gap-3">
            <Link to={`/corsi/${courseSlug}/${m.slug}/aggiornamento`} aria-label={t('update.notice.diffOf', { title: m.title })}>
              {t('update.notice.diff')}
            </Link>
            {m.update.needsRead ? <Link to={`/corsi/${courseSlug}/${m.slug}`}>{t('update.notice.read')}</Link> : null}
            {m.update.needsQuiz ? <Link to={`/corsi/${courseSlug}/${m.slug}/quiz`}>{t('update.notice.quiz')}</Link> : null}
          </p>
        </div>
      ))}
    </section>
  );
}

/** The due day a coordinator assigned to the update ("entro il …"), when there is one. */
export function UpdateDue({ dueOn, overdue }: { dueOn?: string | null; overdue?: boolean }) {
  const t = useT();
  if (!dueOn) return null;
  const date = dueOn.split('-').reverse().join('/');
  return (
    <p className={`mb-2${overdue ? ' fw-semibold' : ''}`} data-testid="update-due">
      {overdue ? t('update.notice.overdue', { date }) : t('update.notice.due', { date })}
    </p>
  );
}
