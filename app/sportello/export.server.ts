/**
 * The exports of the indicators: CSV as Italian Excel opens it (`;`, UTF-8 with BOM) and XLSX, with
 * the quarter's FAMI-style summary first. Only published (suppressed) counts leave: "< 5" stays text.
 */
import { stringify } from 'csv-stringify/sync';
import { translate, type Locale, type MessageKey, type Values } from '~/i18n/i18n';
import { sections } from './labels';
import { buildXlsx, type CellValue } from './xlsx';
import type { Indicators } from './indicators.server';

function summaryRows(ind: Indicators, t: (k: MessageKey, v?: Values) => string, quarter: string | null): CellValue[][] {
  const n = (v: number | null) => (v === null ? t('sportello.ind.small') : v);
  return [
    [t('sportello.ind.item'), t('sportello.ind.count')],
    ...(quarter ? [[t('sportello.ind.quarterLabel'), quarter] as CellValue[]] : []),
    [t('sportello.ind.period', { from: ind.period.from, to: ind.period.to }), ''],
    [t('sportello.ind.sportelliCount'), ind.sportello ? 1 : ind.sportelli.length],
    [t('sportello.ind.total'), n(ind.total)],
    [t('sportello.ind.mediationTotal'), n(ind.mediation)],
  ];
}

function allSections(ind: Indicators, locale: Locale) {
  const t = (k: MessageKey, v?: Values) => translate(locale, k, v);
  const list = sections(ind, t, locale);
  const top = { key: 'schede', title: t('sportello.ind.top'), columns: false, bars: ind.topCards.map((c) => ({ label: c.title, count: c.count })) };
  return { t, list: [...list, top] };
}

export function indicatorsCsv(ind: Indicators, locale: Locale, quarter: string | null = null): string {
  const { t, list } = allSections(ind, locale);
  const small = t('sportello.ind.small');
  const rows: CellValue[][] = [[t('sportello.ind.section'), t('sportello.ind.item'), t('sportello.ind.count')]];
  for (const r of summaryRows(ind, t, quarter).slice(1)) rows.push([t('sportello.ind.summary'), r[0]!, r[1]!]);
  for (const s of list) for (const b of s.bars) rows.push([s.title, b.label, b.count === null ? small : b.count]);
  return '\uFEFF' + stringify(rows, { delimiter: ';', record_delimiter: '\r\n' });
}

export function indicatorsXlsx(ind: Indicators, locale: Locale, quarter: string | null = null): Promise<Uint8Array> {
  const { t, list } = allSections(ind, locale);
  const small = t('sportello.ind.small');
  return buildXlsx([
    { name: t('sportello.ind.summary'), rows: summaryRows(ind, t, quarter) },
    ...list.map((s) => ({ name: s.title, rows: [[t('sportello.ind.item'), t('sportello.ind.count')], ...s.bars.map((b) => [b.label, b.count === null ? small : b.count])] })),
  ]);
}
