import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { fiscalCodeCheckChar, fiscalCodeProblem } from '~/coordination/fiscal-code';
import { parseEnrolmentFile } from '~/coordination/import-file.server';
import { neutralise } from '~/coordination/export.server';
import { guessMapping } from '~/coordination/import.server';

const bytes = (s: string) => new TextEncoder().encode(s);

describe('codice fiscale', () => {
  it('accepts a valid code, including omocodia, and names the wrong check character', () => {
    expect(fiscalCodeProblem('RSSMRA85T10A562S')).toBeNull();
    expect(fiscalCodeProblem('rssmra85t10a562s')).toBeNull();
    expect(fiscalCodeCheckChar('RSSMRA85T10A56N')).toMatch(/^[A-Z]$/);
    expect(fiscalCodeProblem(`RSSMRA85T10A56N${fiscalCodeCheckChar('RSSMRA85T10A56N')}`)).toBeNull();
    expect(fiscalCodeProblem('RSSMRA85T10A562X')).toBe('check');
    expect(fiscalCodeProblem('RSSMRA85T10A562')).toBe('shape');
    expect(fiscalCodeProblem('12345678901')).toBe('shape');
  });
});

describe('enrolment files', () => {
  it('reads a semicolon CSV with BOM and a comma CSV', async () => {
    expect(await parseEnrolmentFile({ fileName: 'a.csv', bytes: bytes('\uFEFFE-mail;Nome;Unità\na@b.it;Anna;Comune di Lucca\n') })).toEqual({
      ok: true,
      headers: ['E-mail', 'Nome', 'Unità'],
      cells: [['a@b.it', 'Anna', 'Comune di Lucca']],
    });
    const comma = await parseEnrolmentFile({ fileName: 'a.csv', bytes: bytes('email,nome,ente\n"a@b.it","Rossi, Anna",Comune di Lucca\n') });
    expect(comma.ok && comma.cells[0]).toEqual(['a@b.it', 'Rossi, Anna', 'Comune di Lucca']);
  });

  it('refuses another type, a malformed CSV, an empty file, too large a file, macros and formulas', async () => {
    expect(await parseEnrolmentFile({ fileName: 'a.pdf', bytes: bytes('%PDF') })).toEqual({ ok: false, reason: 'type' });
    expect(await parseEnrolmentFile({ fileName: 'a.csv', bytes: bytes('email;nome\n"a@b.it;Anna\n') })).toEqual({ ok: false, reason: 'malformed' });
    expect(await parseEnrolmentFile({ fileName: 'a.csv', bytes: new Uint8Array([0xff, 0xfe, 0x41]) })).toEqual({ ok: false, reason: 'malformed' });
    expect(await parseEnrolmentFile({ fileName: 'a.csv', bytes: bytes('email;nome\n') })).toEqual({ ok: false, reason: 'empty' });
    expect(await parseEnrolmentFile({ fileName: 'a.csv', bytes: new Uint8Array(3 * 1024 * 1024) })).toEqual({ ok: false, reason: 'tooLarge' });
    expect(await parseEnrolmentFile({ fileName: 'a.xlsm', bytes: bytes('PK') })).toEqual({ ok: false, reason: 'macros' });
    expect(await parseEnrolmentFile({ fileName: 'a.xlsx', bytes: bytes('non zip') })).toEqual({ ok: false, reason: 'malformed' });
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('P');
    sheet.addRow(['email', 'nome', 'unità']);
    sheet.addRow(['a@b.it', { formula: '1+1' }, 'X']);
    expect(await parseEnrolmentFile({ fileName: 'a.xlsx', bytes: new Uint8Array(await workbook.xlsx.writeBuffer()) })).toEqual({ ok: false, reason: 'formulas' });
  });

  it('reads an XLSX of values, and guesses the columns from the headers', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('P');
    sheet.addRow(['Cognome', 'Nome', 'Indirizzo e-mail', 'Ente', 'Codice fiscale', 'Qualifica']);
    sheet.addRow(['Rossi', 'Anna', 'a@b.it', 'Comune di Lucca', 'RSSMRA85T10A562S', 'Istruttrice']);
    const parsed = await parseEnrolmentFile({ fileName: 'P.XLSX', bytes: new Uint8Array(await workbook.xlsx.writeBuffer()) });
    expect(parsed.ok && parsed.cells).toEqual([['Rossi', 'Anna', 'a@b.it', 'Comune di Lucca', 'RSSMRA85T10A562S', 'Istruttrice']]);
    expect(guessMapping(parsed.ok ? parsed.headers : [])).toEqual({ surname: 0, name: 1, email: 2, unit: 3, fiscalCode: 4, jobTitle: 5 });
  });

  it('neutralises text a spreadsheet would read as a formula', () => {
    for (const v of ['=1+1', '+39 333', '-2', '@SUM(A1)', '\tx', '\rx']) expect(neutralise(v)).toBe(`'${v}`);
    expect(neutralise('Anna Rossi')).toBe('Anna Rossi');
  });
});
