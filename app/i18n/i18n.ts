/**
 * Interface language: Italian first, English beside it. Numbers, percentages, dates and plurals go
 * through Intl for the locale ("64,3%", "4,5 / 7", "1 modulo completato").
 */
import { useLocation, useNavigation, useRouteLoaderData } from '@remix-run/react';
import { useContext } from 'react';
import { FallbackLocale } from './locale-context';
import { catalogueComplete, dictionaries, loadMessages, noteMessage } from './dictionaries';
import type { Locale, MessageKey } from './messages';

export type { Locale, MessageKey };
export type Values = Record<string, string | number>;

const tags: Record<Locale, string> = { it: 'it-IT', en: 'en-GB' };
const numberFormats = new Map<string, Intl.NumberFormat>();
const pluralRules: Record<Locale, Intl.PluralRules> = { it: new Intl.PluralRules('it-IT'), en: new Intl.PluralRules('en-GB') };

export function isMessageKey(key: string): key is MessageKey {
  const any = dictionaries.it ?? dictionaries.en;
  return any !== undefined && key in any;
}

/** A message with `{name}` placeholders filled; numbers are formatted for the locale. */
export function translate(locale: Locale, key: MessageKey, values?: Values): string {
  // In the browser only the reader's language is loaded (dictionaries.browser.ts); useLocale waits for it.
  noteMessage(key);
  const text = dictionaries[locale]?.[key] ?? dictionaries.it?.[key] ?? dictionaries.en?.[key] ?? key;
  if (!values) return text;
  return text.replace(/\{(\w+)\}/g, (m, name: string) => {
    const v = values[name];
    if (v === undefined) return m;
    return typeof v === 'number' ? formatNumber(v, locale) : v;
  });
}

/**
 * The plural form of a counted message: `${base}.one` or `${base}.other` (both in every dictionary),
 * chosen by Intl.PluralRules, with `{n}` the formatted count.
 */
export function plural(locale: Locale, base: string, n: number, values?: Values): string {
  const form = pluralRules[locale].select(n) === 'one' ? 'one' : 'other';
  const key = `${base}.${form}`;
  // In the browser, before the first navigation, only the page's messages are here (dictionaries.browser.ts).
  if (!isMessageKey(key) && catalogueComplete()) throw new Error(`messaggio plurale mancante: ${key}`);
  return translate(locale, key as MessageKey, { ...values, n });
}

export function formatNumber(n: number, locale: Locale, options: Intl.NumberFormatOptions = { maximumFractionDigits: 1 }): string {
  const id = `${locale}:${JSON.stringify(options)}`;
  let f = numberFormats.get(id);
  if (!f) {
    f = new Intl.NumberFormat(tags[locale], options);
    numberFormats.set(id, f);
  }
  return f.format(n);
}

/** `percent` is 0–100 (as stored): "64,3%". */
export function formatPercent(percent: number, locale: Locale, fractionDigits = 1): string {
  return formatNumber(percent / 100, locale, { style: 'percent', maximumFractionDigits: fractionDigits });
}

/** The first location the browser rendered: the document's own, whose messages its JSON block carries. */
let firstLocation: string | undefined;

export function useLocale(): Locale {
  const data = useRouteLoaderData('root') as { locale?: Locale } | undefined;
  const { key } = useLocation();
  const navigating = useNavigation().state !== 'idle';
  const fallback = useContext(FallbackLocale);
  const locale: Locale = data?.locale ?? fallback ?? (typeof document !== 'undefined' && document.documentElement.lang === 'en' ? 'en' : 'it');
  // A navigation that changes the language (Remix renders it in a transition) waits for the other
  // catalogue: React keeps the current page until it has arrived. Should it fail to load, the
  // browser asks the server for the page instead, which renders it in the right language.
  // The document carries only its page's messages (dictionaries.browser.ts): a render of a pending
  // navigation or form (its action's data may name any message) or of another location waits for
  // the whole language; Remix renders these router updates in a transition. A state update within
  // the page renders the committed router state, which is the document's until such a render has
  // committed (with the whole language), so it never waits.
  if (typeof document !== 'undefined') firstLocation ??= key;
  const loading = loadMessages(locale, navigating || key !== firstLocation);
  if (loading) throw loading.catch(() => window.location.reload());
  return locale;
}

export function useT() {
  const locale = useLocale();
  return (key: MessageKey, values?: Values) => translate(locale, key, values);
}

/** Everything a component needs to speak the reader's language. */
export function useI18n() {
  const locale = useLocale();
  return {
    locale,
    t: (key: MessageKey, values?: Values) => translate(locale, key, values),
    plural: (base: string, n: number, values?: Values) => plural(locale, base, n, values),
    number: (n: number, options?: Intl.NumberFormatOptions) => formatNumber(n, locale, options),
    percent: (p: number, digits?: number) => formatPercent(p, locale, digits),
    date: (v: string | Date | null | undefined) => formatDate(v, locale),
    dateTime: (v: string | Date | null | undefined) => formatDateTime(v, locale),
  };
}

const dateTimeFormats: Record<Locale, Intl.DateTimeFormat> = {
  it: new Intl.DateTimeFormat('it-IT', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Rome' }),
  en: new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Rome' }),
};

/** Date and time in Rome's time zone, e.g. "30 nov 2026, 14:05". */
export function formatDateTime(value: string | Date | null | undefined, locale: Locale): string {
  if (!value) return '';
  return dateTimeFormats[locale].format(typeof value === 'string' ? new Date(value) : value);
}

const dateFormats: Record<Locale, Intl.DateTimeFormat> = {
  it: new Intl.DateTimeFormat('it-IT', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Rome' }),
  en: new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Rome' }),
};

export function formatDate(value: string | Date | null | undefined, locale: Locale): string {
  if (!value) return '';
  const d = typeof value === 'string' ? new Date(value.length === 10 ? `${value}T12:00:00Z` : value) : value;
  return dateFormats[locale].format(d);
}

/** The ISO form for `<time dateTime>`: the date alone for date-only values. */
export function isoDate(value: string | Date): string {
  if (typeof value === 'string') return value.length === 10 ? value : new Date(value).toISOString();
  return value.toISOString();
}

/** Whether two labels say the same thing (case and spacing aside): "Esame finale" is not repeated as "Esame finale: Esame finale". */
export function sameWords(a: string, b: string): boolean {
  const norm = (s: string) => s.normalize('NFC').trim().replace(/\s+/g, ' ').toLocaleLowerCase('it');
  return norm(a) === norm(b);
}
