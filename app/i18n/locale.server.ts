import type { Locale } from './messages';

export const LOCALE_COOKIE = 'aula_lang';

function cookieValue(request: Request, name: string): string | null {
  const header = request.headers.get('Cookie');
  if (!header) return null;
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) return part.slice(i + 1).trim();
  }
  return null;
}

/** User preference, then the language cookie, then Accept-Language; Italian by default. */
export function resolveLocale(request: Request, userLocale: string | null | undefined): Locale {
  if (userLocale === 'it' || userLocale === 'en') return userLocale;
  const cookie = cookieValue(request, LOCALE_COOKIE);
  if (cookie === 'it' || cookie === 'en') return cookie;
  const header = request.headers.get('Accept-Language') ?? '';
  const langs = header
    .split(',')
    .map((p) => {
      const [tag, q] = p.trim().split(';q=');
      return { tag: (tag ?? '').toLowerCase(), q: q ? Number(q) : 1 };
    })
    .sort((a, b) => b.q - a.q);
  for (const l of langs) {
    if (l.tag.startsWith('it')) return 'it';
    if (l.tag.startsWith('en')) return 'en';
  }
  return 'it';
}
