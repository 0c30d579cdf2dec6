/** The indicators as titled sections of labelled counts: one source for the page, the CSV and the XLSX. */
import type { MessageKey, Values } from '~/i18n/i18n';
import { topicKey } from '~/library/components';
import { languageName } from './countries';
import type { Cell } from './suppress';

export interface IndicatorData {
  sportelli: Array<{ id: string; name: string }>;
  total: number | null;
  mediation: number | null;
  byMonth: Cell[];
  bySportello: Cell[];
  byTopic: Cell[];
  byOutcome: Cell[];
  byLanguage: Cell[];
  byNationality: Cell[];
  bySex: Cell[];
  byAge: Cell[];
  byVisit: Cell[];
}

export interface Section {
  key: string;
  title: string;
  columns: boolean;
  bars: Array<{ label: string; count: number | null }>;
}

type T = (key: MessageKey, values?: Values) => string;

export function monthLabel(month: string, locale: 'it' | 'en'): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Intl.DateTimeFormat(locale === 'it' ? 'it-IT' : 'en-GB', { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(y, m - 1, 1)));
}

export function sections(ind: IndicatorData, t: T, locale: 'it' | 'en'): Section[] {
  const none = (key: string, label: () => string) => (key === 'none' ? t('sportello.ind.notIndicated') : label());
  const map = (cells: Cell[], label: (key: string) => string) => cells.map((c) => ({ label: none(c.key, () => label(c.key)), count: c.count }));
  return [
    { key: 'mese', title: t('sportello.ind.byMonth'), columns: true, bars: map(ind.byMonth, (k) => monthLabel(k, locale)) },
    { key: 'sportello', title: t('sportello.ind.bySportello'), columns: false, bars: map(ind.bySportello, (k) => ind.sportelli.find((s) => s.id === k)?.name ?? k) },
    { key: 'tema', title: t('sportello.ind.byTopic'), columns: false, bars: map(ind.byTopic, (k) => t(topicKey(k))) },
    { key: 'esito', title: t('sportello.ind.byOutcome'), columns: false, bars: map(ind.byOutcome, (k) => t(`sportello.outcome.${k}` as MessageKey)) },
    { key: 'lingua', title: t('sportello.ind.byLanguage'), columns: false, bars: map(ind.byLanguage, (k) => languageName(k, locale)) },
    { key: 'provenienza', title: t('sportello.ind.byNationality'), columns: false, bars: map(ind.byNationality, (k) => t(`sportello.nat.${k}` as MessageKey)) },
    { key: 'sesso', title: t('sportello.ind.bySex'), columns: false, bars: map(ind.bySex, (k) => t(`sportello.sex.${k}` as MessageKey)) },
    { key: 'eta', title: t('sportello.ind.byAge'), columns: false, bars: map(ind.byAge, (k) => k) },
    { key: 'visita', title: t('sportello.ind.byVisit'), columns: false, bars: map(ind.byVisit, (k) => t(`sportello.visit.${k}` as MessageKey)) },
  ];
}
