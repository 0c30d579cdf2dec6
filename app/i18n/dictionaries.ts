/**
 * The message catalogues as the server sees them: both languages, loaded once at start. In the
 * browser, vite.config.ts (aulaMessages) swaps this module for dictionaries.browser.ts: a document
 * carries only the messages of its language that its page can show (issue 18), and the browser
 * fetches the whole language at its first navigation.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { dictionaries as all, type Locale, type MessageKey } from './messages';

export type Dictionary = Record<MessageKey, string>;

export const dictionaries: Partial<Record<Locale, Dictionary>> = all;

/** Nothing to wait for on the server: every language is here. */
export function loadMessages(locale: Locale, whole = false): Promise<void> | null {
  void locale;
  void whole;
  return null;
}

/** The server has every message. */
export function catalogueComplete(): boolean {
  return true;
}

/**
 * The keys a document's render used (entry.server runs the render inside `usedMessages.run`): they
 * go into the document with the keys of the page's browser code, so that hydration finds them.
 */
export const usedMessages = new AsyncLocalStorage<Set<string>>();

export function noteMessage(key: string): void {
  usedMessages.getStore()?.add(key);
}

/** Browser only (dictionaries.browser.ts): the server has nothing to install or fetch. */
export function installPageMessages(locale: Locale, messages: Dictionary): void {
  void locale;
  void messages;
}
export function prefetchMessages(): void {}
