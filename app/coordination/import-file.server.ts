/**
 * Reading an enrolment file: CSV (`;` or `,`, UTF-8 with or without BOM) or XLSX (first sheet).
 * Refused, with a reason the page shows in Italian: another type, more than the size or row limit,
 * a malformed CSV, an XLSX with macros or with formulas (a formula's value is not what the file says).
 */
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { unzipSync } from 'fflate';
import { KB, MB, allowUpload } from '~/http/limits';

export const ENROLMENT_FILE_MAX_BYTES = 2 * MB;
export const ENROLMENT_MAX_ROWS = 10_000;
export const ENROLMENT_UPLOAD_PATH = /^\/coordinamento\/iscrizioni$/;
allowUpload(ENROLMENT_UPLOAD_PATH, ENROLMENT_FILE_MAX_BYTES + 64 * KB, 'enrolment file (CSV or XLSX)');

export type FileProblem = 'type' | 'tooLarge' | 'empty' | 'malformed' | 'macros' | 'formulas' | 'tooManyRows';
export type ParsedFile = { ok: true; headers: string[]; cells: string[][] } | { ok: false; reason: FileProblem };

const isZip = (b: Uint8Array) => b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;

function parseCsv(bytes: Uint8Array): ParsedFile {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (text.includes('\u0000')) return { ok: false, reason: 'type' };
  const firstLine = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  const delimiter = (firstLine.match(/;/g)?.length ?? 0) >= (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  let records: string[][];
  try {
    records = parse(text, { bom: true, delimiter, skip_empty_lines: true, relax_column_count: true, relax_quotes: true, trim: true, max_record_size: 64 * KB }) as string[][];
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  return table(records);
}

function table(records: string[][]): ParsedFile {
  if (records.length < 2) return { ok: false, reason: 'empty' };
  if (records.length - 1 > ENROLMENT_MAX_ROWS) return { ok: false, reason: 'tooManyRows' };
  const [headers, ...cells] = records;
  return { ok: true, headers: headers!.map((h) => String(h).trim()), cells };
}

async function parseXlsx(bytes: Uint8Array): Promise<ParsedFile> {
  let entries: string[];
  try {
    entries = Object.keys(unzipSync(bytes, { filter: (f) => f.name.endsWith('.bin') || f.name === '[Content_Types].xml' }));
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (entries.some((n) => /vbaProject\.bin$/i.test(n))) return { ok: false, reason: 'macros' };
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) return { ok: false, reason: 'empty' };
  const records: string[][] = [];
  let formulas = false;
  sheet.eachRow({ includeEmpty: false }, (row) => {
    const out: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      if (cell.type === ExcelJS.ValueType.Formula) formulas = true;
      out[col - 1] = cell.type === ExcelJS.ValueType.Date && cell.value instanceof Date ? cell.value.toISOString().slice(0, 10) : cell.text.trim();
    });
    records.push(Array.from(out, (v) => v ?? ''));
  });
  if (formulas) return { ok: false, reason: 'formulas' };
  return table(records);
}

export async function parseEnrolmentFile({ fileName, bytes }: { fileName: string; bytes: Uint8Array }): Promise<ParsedFile> {
  if (bytes.byteLength > ENROLMENT_FILE_MAX_BYTES) return { ok: false, reason: 'tooLarge' };
  if (bytes.byteLength === 0) return { ok: false, reason: 'empty' };
  const name = fileName.toLowerCase();
  if (name.endsWith('.xlsm')) return { ok: false, reason: 'macros' };
  if (name.endsWith('.xlsx')) return isZip(bytes) ? parseXlsx(bytes) : { ok: false, reason: 'malformed' };
  if (name.endsWith('.csv') || name.endsWith('.txt')) return isZip(bytes) ? { ok: false, reason: 'type' } : parseCsv(bytes);
  return { ok: false, reason: 'type' };
}
