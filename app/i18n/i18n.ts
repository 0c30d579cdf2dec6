import { useRouteLoaderData } from '@remix-run/react';
import { dictionaries, type Locale, type MessageKey } from './messages';

export type { Locale, MessageKey };

export function translate(locale: Locale, key: MessageKey): string {
  return dictionaries[locale][key] ?? dictionaries.it[key];
}

export function useLocale(): Locale {
  const data = useRouteLoaderData('root') as { locale?: Locale } | undefined;
  return data?.locale ?? 'it';
}

export function useT() {
  const locale = useLocale();
  return (key: MessageKey) => translate(locale, key);
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
