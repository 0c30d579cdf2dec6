/**
 * The bulk enrolment wizard: upload → map columns → dry run (every row's outcome, with its reason)
 * → commit. A batch belongs to the coordinator who uploaded it; commit is idempotent (keyed by
 * e-mail, and fiscal code when given) and a batch commits once.
 */
import { and, eq, isNull, sql } from 'drizzle-orm';
import { getDb, schema } from '~/utils/db.server';
import { z } from '~/utils/zod';
import { fiscalCodeProblem } from './fiscal-code';
import { parseEnrolmentFile, type FileProblem } from './import-file.server';
import { enrolInTx } from './people.server';
import { coordinatedUnits } from './scope.server';
import { rowsOf } from './sql.server';

import { IMPORT_FIELDS, type ImportField } from './constants';
export { IMPORT_FIELDS, type ImportField };
export const REQUIRED_FIELDS: ImportField[] = ['email', 'name', 'unit'];

export const ROW_OUTCOMES = ['new', 'assign', 'unchanged', 'email', 'name', 'unit', 'duplicate', 'fiscalShape', 'fiscalCheck', 'fiscalConflict', 'hostile'] as const;
export type RowOutcome = (typeof ROW_OUTCOMES)[number];
export const isError = (o: string) => !['new', 'assign', 'unchanged'].includes(o);

const GUESS: Record<ImportField, RegExp> = {
  email: /e-?mail|posta/i,
  surname: /cognome|surname|last.?name/i,
  name: /^(nome|name|nominativo|first.?name|nome e cognome)$/i,
  unit: /unit|ente|ufficio|organizza|sede/i,
  fiscalCode: /codice.?fiscale|^cf$|fiscal/i,
  jobTitle: /qualifica|ruolo|mansione|job|incarico/i,
};

export function guessMapping(headers: string[]): Partial<Record<ImportField, number>> {
  const out: Partial<Record<ImportField, number>> = {};
  for (const f of IMPORT_FIELDS) {
    const i = headers.findIndex((h, idx) => GUESS[f].test(h.trim()) && !Object.values(out).includes(idx));
    if (i >= 0) out[f] = i;
  }
  return out;
}

export async function uploadEnrolmentFile({
  actorId,
  fileName,
  bytes,
}: {
  actorId: string;
  fileName: string;
  bytes: Uint8Array;
}): Promise<{ ok: true; batchId: string } | { ok: false; reason: FileProblem }> {
  const parsed = await parseEnrolmentFile({ fileName, bytes });
  if (!parsed.ok) return parsed;
  const db = await getDb();
  const [row] = await db
    .insert(schema.enrolmentBatches)
    .values({ actorId, fileName: fileName.slice(0, 200), raw: { headers: parsed.headers, cells: parsed.cells } })
    .returning({ id: schema.enrolmentBatches.id });
  return { ok: true, batchId: row!.id };
}

export async function getBatch({ actorId, batchId }: { actorId: string; batchId: string }) {
  const db = await getDb();
  const [batch] = await db
    .select()
    .from(schema.enrolmentBatches)
    .where(and(eq(schema.enrolmentBatches.id, batchId), eq(schema.enrolmentBatches.actorId, actorId)));
  return batch ?? null;
}

const email = z.string().email();
const HOSTILE = /[\u0000-\u001f\u007f<>]|^[=+\-@]/;

/** The dry run: every row's outcome with the mapping, stored on the batch; nothing else is written. */
export async function dryRun({ actorId, batchId, mapping }: { actorId: string; batchId: string; mapping: Partial<Record<ImportField, number>> }) {
  const batch = await getBatch({ actorId, batchId });
  if (!batch || batch.committedAt) return { ok: false as const, reason: 'notFound' as const };
  const db = await getDb();
  const units = await rowsOf<{ id: string; name: string; ipa: string | null }>(
    db,
    sql`select id, lower(name) as name, lower(ipa_code) as ipa from organisations where id in ${coordinatedUnits(actorId)}`,
  );
  const unitBy = new Map<string, string>();
  for (const u of units) {
    unitBy.set(u.name, u.id);
    if (u.ipa) unitBy.set(u.ipa, u.id);
  }
  const cell = (r: string[], f: ImportField) => (mapping[f] === undefined ? '' : (r[mapping[f]] ?? '').trim());
  const emails = [...new Set(batch.raw.cells.map((r) => cell(r, 'email').toLowerCase()).filter(Boolean))];
  const existing = new Map<string, string>();
  const members = new Set<string>();
  for (let i = 0; i < emails.length; i += 1000) {
    const chunk = emails.slice(i, i + 1000);
    for (const u of await rowsOf<{ id: string; email: string; orgs: string[] }>(
      db,
      sql`select u.id, lower(u.email) as email, coalesce((select json_agg(m.organisation_id) from memberships m where m.user_id = u.id), '[]'::json) as orgs from users u where lower(u.email) in ${chunk}`,
    )) {
      existing.set(u.email, u.id);
      for (const o of u.orgs) members.add(`${u.id}:${o}`);
    }
  }
  const codes = new Map((await rowsOf<{ code: string; userId: string }>(db, sql`select upper(fiscal_code) as code, user_id as "userId" from person_fiscal_codes`)).map((c) => [c.code, c.userId]));
  const seenEmails = new Set<string>();
  const seenCodes = new Set<string>();
  const outcomes = batch.raw.cells.map((r, i) => {
    const address = cell(r, 'email').toLowerCase();
    const name = [cell(r, 'name'), cell(r, 'surname')].filter(Boolean).join(' ');
    const unit = cell(r, 'unit');
    const fiscal = cell(r, 'fiscalCode').toUpperCase() || null;
    const jobTitle = cell(r, 'jobTitle') || null;
    const organisationId = unitBy.get(unit.toLowerCase()) ?? null;
    let outcome: RowOutcome;
    if ([address, name, unit, fiscal ?? '', jobTitle ?? ''].some((v) => HOSTILE.test(v)) || name.length > 160 || (jobTitle?.length ?? 0) > 160) outcome = 'hostile';
    else if (!email.safeParse(address).success) outcome = 'email';
    else if (name.length < 2) outcome = 'name';
    else if (!organisationId) outcome = 'unit';
    else if (seenEmails.has(address) || (fiscal && seenCodes.has(fiscal))) outcome = 'duplicate';
    else if (fiscal && fiscalCodeProblem(fiscal)) outcome = fiscalCodeProblem(fiscal) === 'check' ? 'fiscalCheck' : 'fiscalShape';
    else if (fiscal && codes.has(fiscal) && codes.get(fiscal) !== existing.get(address)) outcome = 'fiscalConflict';
    else if (!existing.has(address)) outcome = 'new';
    else outcome = members.has(`${existing.get(address)}:${organisationId}`) ? 'unchanged' : 'assign';
    if (address) seenEmails.add(address);
    if (fiscal) seenCodes.add(fiscal);
    return { line: i + 2, email: address, name, fiscalCode: fiscal, organisationId, unit, jobTitle, outcome };
  });
  await db.update(schema.enrolmentBatches).set({ mapping, outcomes }).where(eq(schema.enrolmentBatches.id, batchId));
  return { ok: true as const, outcomes };
}

export type CommitResult = { ok: true; created: number; assigned: number; unchanged: number } | { ok: false; reason: 'notFound' | 'notChecked' };

/** Commits the dry run's valid rows, once (the batch is marked in the same transaction). */
export async function commitBatch({ actorId, batchId, locale = 'it' }: { actorId: string; batchId: string; locale?: 'it' | 'en' }): Promise<CommitResult> {
  const db = await getDb();
  return db.transaction(async (tx): Promise<CommitResult> => {
    const [batch] = await tx
      .update(schema.enrolmentBatches)
      .set({ committedAt: new Date() })
      .where(and(eq(schema.enrolmentBatches.id, batchId), eq(schema.enrolmentBatches.actorId, actorId), isNull(schema.enrolmentBatches.committedAt)))
      .returning();
    if (!batch) return { ok: false, reason: 'notFound' };
    if (!batch.outcomes) return { ok: false, reason: 'notChecked' };
    const counts = { created: 0, assigned: 0, unchanged: 0 };
    for (const row of batch.outcomes) {
      if (isError(row.outcome) || !row.organisationId) continue;
      const r = await enrolInTx(tx, actorId, { email: row.email, name: row.name, organisationId: row.organisationId, jobTitle: row.jobTitle, fiscalCode: row.fiscalCode }, locale);
      if (r.ok) counts[r.outcome === 'created' ? 'created' : r.outcome === 'assigned' ? 'assigned' : 'unchanged']++;
    }
    // The file's people are no longer needed here: only the counts stay (in the audit log).
    await tx
      .update(schema.enrolmentBatches)
      .set({ raw: { headers: batch.raw.headers, cells: [] }, outcomes: [] })
      .where(eq(schema.enrolmentBatches.id, batchId));
    await tx.insert(schema.auditLog).values({ actorId, action: 'coordination.import', target: batchId, data: JSON.stringify({ fileName: batch.fileName, ...counts }) });
    return { ok: true, ...counts };
  });
}

/** Uploaded files hold other people's data: every batch older than a day is deleted. */
export async function purgeOldBatches({ now }: { now: Date }) {
  const db = await getDb();
  const gone = await db
    .delete(schema.enrolmentBatches)
    .where(sql`${schema.enrolmentBatches.createdAt} < ${new Date(now.getTime() - 86_400_000).toISOString()}::timestamptz`)
    .returning({ id: schema.enrolmentBatches.id });
  return { batches: gone.length };
}
