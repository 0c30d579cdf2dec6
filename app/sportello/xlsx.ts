/**
 * The register's small workbooks (a summary sheet and one sheet per indicator, a few hundred cells)
 * written with exceljs, the same library as the coordinators' streamed exports: one XLSX writer in
 * the project. Strings stay strings (exceljs never turns text into a formula); the first row is
 * bold; dates are written as text by the caller.
 */
import ExcelJS from 'exceljs';

export type CellValue = string | number | null;
export interface Sheet {
  name: string;
  rows: CellValue[][];
}

/** Sheet names: at most 31 characters, none of []:*?/\ , unique. */
function sheetName(name: string, taken: Set<string>): string {
  let base = name.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31) || 'Foglio';
  for (let i = 2; taken.has(base); i++) base = `${base.slice(0, 28)} ${i}`;
  taken.add(base);
  return base;
}

export async function buildXlsx(sheets: Sheet[]): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  const taken = new Set<string>();
  for (const sheet of sheets) {
    const ws = workbook.addWorksheet(sheetName(sheet.name, taken));
    ws.columns = [{ width: 42 }, ...Array.from({ length: 7 }, () => ({ width: 18 }))];
    for (const row of sheet.rows) ws.addRow(row.map((v) => (v === '' ? null : v)));
    if (sheet.rows.length) ws.getRow(1).font = { bold: true };
  }
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}
