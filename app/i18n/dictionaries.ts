/**
 * The message catalogues as the server sees them: both languages, loaded once at start. In the
 * browser, vite.config.ts (aulaMessages) swaps this module for dictionaries.browser.ts, which loads
 * only the reader's language, lazily: the catalogue is the largest piece of JavaScript a page would
 * otherwise ship (issue 18), and a reader needs one language of it.
 */
import { dictionaries as all, type Locale, type MessageKey } from './messages';

export type Dictionary = Record<MessageKey, string>;

export const dictionaries: Partial<Record<Locale, Dictionary>> = all;

/** Nothing to wait for on the server: every language is here. */
export function loadMessages(locale: Locale): Promise<void> | null {
  void locale;
  return null;
}
