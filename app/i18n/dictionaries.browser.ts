/**
 * The browser's message catalogue (vite.config.ts puts this module in place of dictionaries.ts in
 * the client build): one module per language, fetched when first needed. entry.client waits for the
 * page's language before hydrating, and root.tsx preloads it, so the first render matches the
 * server's; a later change of language (the switch at /lingua, signing in as someone with another
 * preference) suspends that navigation until the other catalogue has arrived.
 */
import type { Dictionary } from './dictionaries';
import type { Locale } from './messages';

export const dictionaries: Partial<Record<Locale, Dictionary>> = {};

const pending = new Map<Locale, Promise<void>>();

export function loadMessages(locale: Locale): Promise<void> | null {
  if (dictionaries[locale]) return null;
  let p = pending.get(locale);
  if (!p) {
    const load = locale === 'en' ? import('virtual:aula-messages/en') : import('virtual:aula-messages/it');
    p = load.then(
      (m) => {
        dictionaries[locale] = m.default;
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
