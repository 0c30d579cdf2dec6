/**
 * The person's data, driven by the privacy registry (registry.ts): the export (GDPR art. 15 and
 * 20) and the erasure (art. 17) read the registry, so a table added later by another domain is
 * covered as soon as it is declared (a test fails until it is).
 */
import { sql, type SQL } from 'drizzle-orm';
import { stringify } from 'csv-stringify/sync';
import { strToU8, zipSync } from 'fflate';
import { getDb, type DbOrTx } from '~/utils/db.server';
import { listCertificates, renderOwnedCertificatePdf } from '~/certificates/read.server';
import { PRIVACY_REGISTRY, subjectOf, type TableDeclaration } from './registry';

type Row = Record<string, unknown>;

/** Rows of `db.execute` on postgres.js (an array) and on PGlite (`{ rows }`). */
export function rowsOf(result: unknown): Row[] {
  return Array.isArray(result) ? (result as Row[]) : ((result as { rows?: Row[] }).rows ?? []);
}

const SAFE_NAME = /^[a-z_][a-z0-9_]*$/;

async function existingColumns(db: DbOrTx): Promise<Map<string, Set<string>>> {
  const rows = rowsOf(await db.execute(sql`select table_name, column_name from information_schema.columns where table_schema = 'public'`));
  const map = new Map<string, Set<string>>();
  for (const r of rows) {
    const t = String(r.table_name);
    if (!map.has(t)) map.set(t, new Set());
    map.get(t)!.add(String(r.column_name));
  }
  return map;
}

/** The WHERE condition selecting the person's rows of a table, or null when it cannot be matched. */
function personCondition(table: string, d: TableDeclaration, columns: Set<string>, person: { id: string; email: string }): SQL | null {
  const subject = subjectOf(table, d);
  const parts: SQL[] = [];
  if (subject && columns.has(subject.column) && SAFE_NAME.test(subject.column)) {
    parts.push(subject.by === 'id' ? sql`${sql.identifier(subject.column)}::text = ${person.id}` : sql`lower(${sql.identifier(subject.column)}) = ${person.email.toLowerCase()}`);
  }
  // Rows addressed to the person by e-mail only (an invitation, a message) are theirs too.
  for (const col of d.holds.filter((c) => (c === 'email' || c === 'to_address') && c !== subject?.column && columns.has(c))) {
    parts.push(sql`lower(${sql.identifier(col)}) = ${person.email.toLowerCase()}`);
  }
  if (!parts.length) return null;
  return sql.join(parts, sql` or `);
}

function plain(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  return value;
}

export interface PersonalData {
  generatedAt: string;
  tables: Record<string, { rule: TableDeclaration['export']; why: string; rows: Row[] }>;
}

/** Everything Aula holds about a person, table by table, as the registry declares it. */
export async function collectPersonalData({ userId }: { userId: string }): Promise<PersonalData | null> {
  const db = await getDb();
  const [user] = rowsOf(await db.execute(sql`select id, email from users where id = ${userId}`));
  if (!user) return null;
  const person = { id: String(user.id), email: String(user.email) };
  const columns = await existingColumns(db);
  const out: PersonalData = { generatedAt: new Date().toISOString(), tables: {} };
  for (const [table, d] of Object.entries(PRIVACY_REGISTRY)) {
    if (d.export === 'none' || !SAFE_NAME.test(table)) continue;
    const cols = columns.get(table);
    if (!cols) continue;
    const where = personCondition(table, d, cols, person);
    if (!where) continue;
    const keep = [...cols].filter((c) => !(d.omit ?? []).includes(c) && SAFE_NAME.test(c)).sort();
    const select = sql.join(
      keep.map((c) => sql.identifier(c)),
      sql`, `,
    );
    const rows = rowsOf(await db.execute(sql`select ${select} from ${sql.identifier(table)} where ${where} limit 100000`)).map((r) => Object.fromEntries(keep.map((c) => [c, plain(r[c])])));
    out.tables[table] = { rule: d.export, why: d.why, rows };
  }
  return out;
}

function csvOf(rows: Row[]): string {
  if (!rows.length) return '';
  const header = Object.keys(rows[0]!);
  return stringify([header, ...rows.map((r) => header.map((h) => (r[h] !== null && typeof r[h] === 'object' ? JSON.stringify(r[h]) : r[h])))], { bom: true });
}

/**
 * The data export as a ZIP: `dati.json` (everything), one CSV per table, the certificates as PDF
 * and a README that says what each file is.
 */
export async function buildDataExport({ userId }: { userId: string }): Promise<Uint8Array | null> {
  const data = await collectPersonalData({ userId });
  if (!data) return null;
  const files: Record<string, Uint8Array> = {};
  files['dati.json'] = strToU8(JSON.stringify(data, null, 2));
  for (const [table, t] of Object.entries(data.tables)) files[`csv/${table}.csv`] = strToU8(csvOf(t.rows));
  for (const c of await listCertificates({ userId })) {
    const pdf = await renderOwnedCertificatePdf({ userId, code: c.code });
    if (pdf) files[`attestati/attestato-${pdf.code}.pdf`] = pdf.bytes;
  }
  const lines = [
    'Aula – i tuoi dati (art. 15 e 20 GDPR)',
    `Generato il ${data.generatedAt}`,
    '',
    'dati.json: tutti i dati che Aula conserva su di te, tabella per tabella, con il motivo per cui sono conservati.',
    'csv/: le stesse tabelle in formato CSV (UTF-8), una per file.',
    'attestati/: i tuoi attestati in PDF.',
    '',
    'Tabelle:',
    ...Object.entries(data.tables).map(([t, v]) => `- ${t}: ${v.rows.length} righe`),
    '',
  ];
  files['LEGGIMI.txt'] = strToU8(lines.join('\n'));
  return zipSync(files, { level: 6, mtime: new Date(data.generatedAt) });
}

/**
 * Applies the erasure rules of the registry to a person's rows, inside the caller's transaction:
 * `delete` removes them, `detach` clears the person's id, `pseudonymise` (the account) replaces name
 * and e-mail, `retain` keeps them for the retention period. Returns rows touched per table.
 */
export async function eraseByRegistry(tx: DbOrTx, person: { id: string; email: string }, pseudonym: { name: string; email: string }): Promise<Record<string, number>> {
  const columns = await existingColumns(tx);
  const touched: Record<string, number> = {};
  for (const [table, d] of Object.entries(PRIVACY_REGISTRY)) {
    const cols = columns.get(table);
    if (!cols || !SAFE_NAME.test(table)) continue;
    if (d.erase === 'delete') {
      const where = personCondition(table, d, cols, person);
      if (!where) continue;
      touched[table] = rowsOf(await tx.execute(sql`delete from ${sql.identifier(table)} where ${where} returning 1 as x`)).length;
    } else if (d.erase === 'detach') {
      let n = 0;
      for (const col of d.holds.filter((c) => cols.has(c) && SAFE_NAME.test(c))) {
        n += rowsOf(await tx.execute(sql`update ${sql.identifier(table)} set ${sql.identifier(col)} = null where ${sql.identifier(col)}::text = ${person.id} returning 1 as x`)).length;
      }
      touched[table] = n;
    } else if (d.erase === 'pseudonymise' && table === 'users') {
      touched[table] = rowsOf(
        await tx.execute(
          sql`update users set name = ${pseudonym.name}, email = ${pseudonym.email}, password_hash = null, locale = null, disabled_at = coalesce(disabled_at, now()), erased_at = now() where id = ${person.id} returning 1 as x`,
        ),
      ).length;
    }
  }
  return touched;
}

/** After the retention period: deletes the retained rows of erased accounts (those not kept for ever). */
export async function deleteRetainedRows(tx: DbOrTx, userId: string): Promise<number> {
  const columns = await existingColumns(tx);
  let n = 0;
  for (const [table, d] of Object.entries(PRIVACY_REGISTRY)) {
    const cols = columns.get(table);
    if (!cols || d.erase !== 'retain' || d.afterRetention === 'keep' || !SAFE_NAME.test(table)) continue;
    const subject = subjectOf(table, d);
    if (!subject || subject.by !== 'id' || !cols.has(subject.column)) continue;
    n += rowsOf(await tx.execute(sql`delete from ${sql.identifier(table)} where ${sql.identifier(subject.column)}::text = ${userId} returning 1 as x`)).length;
  }
  return n;
}
