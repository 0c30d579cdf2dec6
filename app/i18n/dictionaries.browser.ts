/**
 * The browser's message catalogue (vite.config.ts puts this module in place of dictionaries.ts in
 * the client build). A document carries, in a JSON block written by entry.server, only the messages
 * of its language that its page can show: those its server render used and those named in the
 * page's browser code (issue 18: the whole catalogue was 21 KB gzipped, a fifth of the page's
 * JavaScript). entry.client installs them before hydrating, so the first render says what the
 * server wrote. The whole language (one module per language) is fetched when the router first
 * moves (a navigation, a form, a fetcher): `useLocale` suspends the navigation's render, which
 * Remix runs in a transition, until it has arrived, as it does for a change of language. Without
 * the block (development) the whole language is loaded before hydrating.
 */
import type { Dictionary } from './dictionaries';
import type { Locale } from './messages';

export const dictionaries: Partial<Record<Locale, Dictionary>> = {};

const pending = new Map<Locale, Promise<void>>();
const complete = new Set<Locale>();
let prefetching = false;

/** The messages of the document, from its JSON block: enough until the first navigation. */
export function installPageMessages(locale: Locale, messages: Dictionary): void {
  if (!complete.has(locale)) dictionaries[locale] = messages;
}

/** The router started to move (entry.client): fetch the whole language before its render needs it. */
export function prefetchMessages(): void {
  if (prefetching) return;
  prefetching = true;
  for (const locale of Object.keys(dictionaries) as Locale[]) void loadMessages(locale, true)?.catch(() => undefined);
}

export function catalogueComplete(): boolean {
  return !Object.keys(dictionaries).some((l) => !complete.has(l as Locale));
}

/**
 * What a render must wait for: the language if none of it is here, or the whole language when
 * `whole` (useLocale asks for it once the page has moved on from the document's first location).
 */
export function loadMessages(locale: Locale, whole = false): Promise<void> | null {
  if (complete.has(locale) || (dictionaries[locale] && !whole)) return null;
  let p = pending.get(locale);
  if (!p) {
    const load = locale === 'en' ? import('virtual:aula-messages/en') : import('virtual:aula-messages/it');
    p = load.then(
      (m) => {
        dictionaries[locale] = m.default;
        complete.add(locale);
      },
      (error: unknown) => {
        pending.delete(locale);
        throw error;
      },
    );
    pending.set(locale, p);
  }
  return p;
}

/** A message the page's block lacks (it should not happen: the e2e tests fail on this error). */
export function noteMessage(key: string): void {
  const locale = document.documentElement.lang === 'en' ? 'en' : 'it';
  if (!complete.has(locale) && !dictionaries[locale]?.[key as keyof Dictionary]) {
    console.error(`Aula: messaggio non caricato: ${key}`);
    prefetchMessages();
  }
}
