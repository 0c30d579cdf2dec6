/**
 * The few pages made outside Remix, because what they report prevents Remix from running: a request
 * refused before any route (cross-site post, body too large, not a form) and the database outage.
 * Same stylesheets and the same header as every page, in the reader's language, with a way home.
 */
import { resolveLocale } from '~/i18n/locale.server';
import { translate, type Locale, type MessageKey } from '~/i18n/i18n';

export type PlainErrorKind = 'csrf' | 'too-large' | 'unsupported' | 'unavailable';

const MESSAGES: Record<PlainErrorKind, MessageKey> = {
  csrf: 'error.csrf',
  'too-large': 'error.413',
  unsupported: 'error.415',
  unavailable: 'error.503',
};

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function plainErrorHtml({ locale, status, kind, stylesheets }: { locale: Locale; status: number; kind: PlainErrorKind; stylesheets: string[] }): string {
  const t = (k: MessageKey) => escape(translate(locale, k));
  const title = kind === 'unavailable' ? t('error.503.title') : t('error.title');
  return `<!DOCTYPE html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} – Aula</title>
${stylesheets.map((href) => `<link rel="stylesheet" href="${escape(href)}">`).join('\n')}
</head>
<body>
<a class="aula-skip" href="#contenuto">${t('nav.skip')}</a>
<header class="aula-header"><div class="container py-3"><a href="/" class="aula-brand">Aula</a></div></header>
<main id="contenuto" tabindex="-1"><div class="container my-5">
<h1>${title}</h1>
<p class="lead" data-status="${status}">${t(MESSAGES[kind])}</p>
<p><a href="/">${t('error.home')}</a></p>
</div></main>
</body>
</html>`;
}

export function renderPlainErrorPage({ request, status, kind, stylesheets }: { request: Request; status: number; kind: PlainErrorKind; stylesheets: string[] }): Response {
  const locale = resolveLocale(request, null);
  return new Response(plainErrorHtml({ locale, status, kind, stylesheets }), {
    status,
    headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' },
  });
}
