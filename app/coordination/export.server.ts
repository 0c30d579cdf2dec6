/**
 * Exports of the coordinator's tables, streamed page by page from the database (never the whole
 * table in memory): the people list with its filters, and the annual training report per unit.
 * Formats: `excel` (CSV for Italian Excel: `;`, UTF-8 with BOM, dd/mm/yyyy, decimal comma), `csv`
 * (comma, ISO dates), `xlsx` (exceljs streaming writer: typed cells, a header row, autofilter).
 * A text cell beginning with =, +, -, @, tab or CR is neutralised with a leading apostrophe.
 */
import { PassThrough, Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import ExcelJS from 'exceljs';
import { getDb } from '~/utils/db.server';
import { getSettings } from '~/admin/settings.server';
import { translate, type Locale, type MessageKey } from '~/i18n/i18n';
import { getDashboard } from './dashboard.server';
import { isUnitInScope, peopleQuery, type PeopleFilters, type PersonRow } from './people.server';
import { rowsOf } from './sql.server';

import type { ExportFormat } from './constants';
export { EXPORT_FORMATS, type ExportFormat } from './constants';
const CHUNK = 1000;

type Cell = string | number | boolean | Date | null;
interface Column {
  header: MessageKey;
  kind: 'text' | 'number' | 'date' | 'bool';
}

/** A text that a spreadsheet would read as a formula gets a leading apostrophe. */
export function neutralise(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

function csvCell(value: Cell, kind: Column['kind'], format: 'excel' | 'csv', locale: Locale): string {
  if (value === null || value === undefined) return '';
  if (kind === 'date') {
    const iso = value instanceof Date ? value.toISOString().slice(0, 10) : String(value);
    return format === 'excel' ? iso.split('-').reverse().join('/') : iso;
  }
  if (kind === 'number') return format === 'excel' ? String(value).replace('.', ',') : String(value);
  if (kind === 'bool') return translate(locale, value ? 'coord.yes' : 'coord.no');
  return neutralise(String(value));
}

/** Streams the rows that `pages` yields in the format asked. */
function streamTable(columns: Column[], pages: () => AsyncGenerator<Cell[][]>, format: ExportFormat, locale: Locale): ReadableStream<Uint8Array> {
  const headers = columns.map((c) => translate(locale, c.header));
  if (format === 'xlsx') {
    const out = new PassThrough();
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
    const sheet = workbook.addWorksheet('Aula');
    sheet.columns = columns.map((c, i) => ({ header: headers[i], key: String(i), width: c.kind === 'text' ? 30 : 14, style: c.kind === 'date' ? { numFmt: 'dd/mm/yyyy' } : {} }));
    sheet.getRow(1).font = { bold: true };
    (async () => {
      let n = 0;
      for await (const page of pages()) {
        for (const row of page) {
          sheet
            .addRow(
              row.map((v, i) => {
                const kind = columns[i]!.kind;
                if (v === null) return null;
                if (kind === 'date') return new Date(`${String(v)}T00:00:00Z`);
                if (kind === 'number') return Number(v);
                if (kind === 'bool') return translate(locale, v ? 'coord.yes' : 'coord.no');
                return neutralise(String(v));
              }),
            )
            .commit();
          n++;
        }
      }
      sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: Math.max(1, n + 1), column: columns.length } };
      sheet.commit();
      await workbook.commit();
    })().catch((e: unknown) => out.destroy(e as Error));
    return Readable.toWeb(out) as unknown as ReadableStream<Uint8Array>;
  }
  const csv = stringify({ delimiter: format === 'excel' ? ';' : ',', bom: format === 'excel', record_delimiter: format === 'excel' ? 'windows' : 'unix' });
  (async () => {
    csv.write(headers);
    for await (const page of pages()) for (const row of page) if (!csv.write(row.map((v, i) => csvCell(v, columns[i]!.kind, format, locale)))) await new Promise((r) => csv.once('drain', r));
    csv.end();
  })().catch((e: unknown) => csv.destroy(e as Error));
  return Readable.toWeb(csv) as unknown as ReadableStream<Uint8Array>;
}

const PEOPLE_COLUMNS: Column[] = [
  { header: 'coord.col.name', kind: 'text' },
  { header: 'coord.col.email', kind: 'text' },
  { header: 'coord.col.units', kind: 'text' },
  { header: 'coord.col.status', kind: 'text' },
  { header: 'coord.col.due', kind: 'date' },
  { header: 'coord.col.hours', kind: 'number' },
  { header: 'coord.col.target', kind: 'number' },
  { header: 'coord.col.targetMet', kind: 'bool' },
];

/** The people list, with the page's filters, in the actor's scope; null when a filter's unit is outside it. */
export async function exportPeople({ actorId, filters, format, locale, now = new Date() }: { actorId: string; filters: PeopleFilters; format: ExportFormat; locale: Locale; now?: Date }) {
  const db = await getDb();
  if (filters.unitId && !(await isUnitInScope(db, actorId, filters.unitId))) return null;
  const { defaultYearlyHours } = await getSettings();
  async function* pages() {
    for (let offset = 0; ; offset += CHUNK) {
      const rows = await rowsOf<PersonRow>(db, peopleQuery(actorId, filters, { now, defaultHours: defaultYearlyHours, limit: CHUNK, offset }));
      yield rows.map((p): Cell[] => [
        p.name,
        p.email,
        p.units.join(', '),
        translate(locale, p.status ? (`coord.status.${p.status}` as MessageKey) : 'coord.status.unassigned'),
        p.dueOn,
        Number(p.hours),
        p.target,
        Number(p.hours) >= p.target,
      ]);
      if (rows.length < CHUNK) return;
    }
  }
  return streamTable(PEOPLE_COLUMNS, pages, format, locale);
}

const UNIT_COLUMNS: Column[] = [
  { header: 'coord.col.unit', kind: 'text' },
  { header: 'coord.fig.people', kind: 'number' },
  { header: 'coord.fig.assigned', kind: 'number' },
  { header: 'coord.fig.inProgress', kind: 'number' },
  { header: 'coord.fig.completed', kind: 'number' },
  { header: 'coord.fig.overdue', kind: 'number' },
  { header: 'coord.fig.exempted', kind: 'number' },
  { header: 'coord.fig.certified', kind: 'number' },
  { header: 'coord.fig.hours', kind: 'number' },
  { header: 'coord.fig.targetMet', kind: 'number' },
];

/** The annual report per unit (the dashboard's rows and total, the same figures). */
export async function exportUnits({
  actorId,
  unitId,
  courseId,
  format,
  locale,
  now = new Date(),
}: {
  actorId: string;
  unitId: string | null;
  courseId: string | null;
  format: ExportFormat;
  locale: Locale;
  now?: Date;
}) {
  const dashboard = await getDashboard({ actorId, unitId, courseId, now });
  if (!dashboard.ok) return null;
  const { rows, totals } = dashboard;
  const line = (name: string, f: typeof totals): Cell[] => [name, f.people, f.assigned, f.inProgress, f.completed, f.overdue, f.exempted, f.certified, f.hours, f.targetMet];
  async function* pages() {
    yield [...rows.map((r) => line(r.name, r)), line(translate(locale, 'coord.total'), totals)];
  }
  return streamTable(UNIT_COLUMNS, pages, format, locale);
}

export function exportHeaders(format: ExportFormat, base: string) {
  const day = new Date().toISOString().slice(0, 10);
  const ext = format === 'xlsx' ? 'xlsx' : 'csv';
  const type = format === 'xlsx' ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv; charset=utf-8';
  return { 'Content-Type': type, 'Content-Disposition': `attachment; filename="${base}-${day}.${ext}"`, 'Cache-Control': 'no-store' };
}
