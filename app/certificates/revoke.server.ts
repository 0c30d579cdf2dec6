/**
 * Revocation: by an admin, or by a coordinator whose scope (organisation subtrees) holds the holder, with a reason
 * and an audit entry, in one transaction.
 */
import { and, desc, eq, sql } from 'drizzle-orm';
import { getDb, schema, type DbOrTx } from '~/utils/db.server';
import { normalizeCertificateCode } from './code';
import { scopeUsers } from '~/coordination/scope.server';
import { summary } from './read.server';
import { appendRevocation } from './revocation-log.server';
import { REVOCATION_REASON_MAX, REVOCATION_REASON_MIN } from './limits';

export { REVOCATION_REASON_MAX, REVOCATION_REASON_MIN };

export type RevocationFailure = 'notFound' | 'forbidden' | 'alreadyRevoked' | 'reasonTooShort' | 'reasonTooLong';
export type RevocationResult = { ok: true; code: string; revokedAt: Date } | { ok: false; reason: RevocationFailure };

/** True when the actor is an admin, or a coordinator of an organisation the holder belongs to. */
export async function canRevoke(conn: DbOrTx, actorId: string, holderId: string): Promise<boolean> {
  const r = schema.userRoles;
  const [admin] = await conn
    .select({ id: r.id })
    .from(r)
    .where(and(eq(r.userId, actorId), eq(r.role, 'admin')))
    .limit(1);
  if (admin) return true;
  const rows = (await conn.execute(sql`select 1 as ok where ${holderId}::uuid in ${scopeUsers(actorId)}`)) as unknown as unknown[] | { rows: unknown[] };
  return (Array.isArray(rows) ? rows : rows.rows).length > 0;
}

/** A certificate as the revocation page shows it, when the actor may revoke it; else a reason. */
export async function getCertificateForRevocation({ actorId, code }: { actorId: string; code: string }) {
  const canonical = normalizeCertificateCode(code);
  if (!canonical) return { ok: false as const, reason: 'notFound' as const };
  const db = await getDb();
  const c = schema.certificates;
  const [row] = await db.select().from(c).where(eq(c.code, canonical));
  if (!row) return { ok: false as const, reason: 'notFound' as const };
  if (!(await canRevoke(db, actorId, row.userId))) return { ok: false as const, reason: 'forbidden' as const };
  return { ok: true as const, certificate: summary(row), holderName: row.holderName };
}

/**
 * Revokes a certificate with a reason: an admin, or a coordinator whose organisation is one of the
 * holder's. One transaction: the row (only if not yet revoked) and an audit log entry. The
 * verification page and the JSON show it from the next request on.
 */
export async function revokeCertificate({ actor, code, reason }: { actor: { id: string }; code: string; reason: string }): Promise<RevocationResult> {
  const canonical = normalizeCertificateCode(code);
  if (!canonical) return { ok: false, reason: 'notFound' };
  const why = typeof reason === 'string' ? reason.trim() : '';
  const db = await getDb();
  return db.transaction(async (tx): Promise<RevocationResult> => {
    const c = schema.certificates;
    const [row] = await tx.select({ id: c.id, userId: c.userId, revokedAt: c.revokedAt, statusIndex: c.statusIndex }).from(c).where(eq(c.code, canonical)).for('update');
    if (!row) return { ok: false, reason: 'notFound' };
    if (!(await canRevoke(tx, actor.id, row.userId))) return { ok: false, reason: 'forbidden' };
    if (row.revokedAt) return { ok: false, reason: 'alreadyRevoked' };
    if (why.length < REVOCATION_REASON_MIN) return { ok: false, reason: 'reasonTooShort' };
    if (why.length > REVOCATION_REASON_MAX) return { ok: false, reason: 'reasonTooLong' };
    const [done] = await tx
      .update(c)
      .set({ revokedAt: sql`now()`, revokedBy: actor.id, revocationReason: why })
      .where(and(eq(c.id, row.id), sql`${c.revokedAt} is null`))
      .returning({ revokedAt: c.revokedAt });
    if (!done?.revokedAt) return { ok: false, reason: 'alreadyRevoked' };
    // The signed, chained entry is what verification reads; revoked_at above is a convenience copy.
    await appendRevocation(tx, { code: canonical, statusIndex: row.statusIndex, reason: why, revokedAt: done.revokedAt.toISOString(), actorId: actor.id });
    await tx.insert(schema.auditLog).values({ actorId: actor.id, action: 'certificate.revoke', target: canonical, data: JSON.stringify({ reason: why }) });
    return { ok: true, code: canonical, revokedAt: done.revokedAt };
  });
}

/** Whether the signed-in actor may revoke the certificate with this code (false when unknown). */
export async function canRevokeCode({ actorId, code }: { actorId: string; code: string }): Promise<boolean> {
  const canonical = normalizeCertificateCode(code);
  if (!canonical) return false;
  const db = await getDb();
  const [row] = await db.select({ userId: schema.certificates.userId }).from(schema.certificates).where(eq(schema.certificates.code, canonical));
  return row ? canRevoke(db, actorId, row.userId) : false;
}

/** Certificates the actor may revoke (admin: all; coordinator: their organisations' members), newest first. */
export async function listRevocableCertificates({ actorId, limit = 200 }: { actorId: string; limit?: number }) {
  const db = await getDb();
  const c = schema.certificates;
  const r = schema.userRoles;
  const [admin] = await db
    .select({ id: r.id })
    .from(r)
    .where(and(eq(r.userId, actorId), eq(r.role, 'admin')))
    .limit(1);
  const holderFilter = admin ? sql`true` : sql`${c.userId} in ${scopeUsers(actorId)}`;
  const rows = await db
    .select({ row: c, pseudonym: sql<string | null>`case when ${schema.users.erasedAt} is not null then ${schema.users.name} end` })
    .from(c)
    .innerJoin(schema.users, eq(schema.users.id, c.userId))
    .where(holderFilter)
    .orderBy(desc(c.issuedAt))
    .limit(limit);
  // An erased holder appears under the pseudonym: the name stays only in the signed certificate itself.
  return rows.map(({ row, pseudonym }) => ({ ...summary(row), holderName: pseudonym ?? row.holderName }));
}

/**
 * Revocations recorded before the log existed (revoked_at set, no entry) are appended once, signed
 * now, at start-up after the upgrade. Afterwards a revoked_at without an entry is a database edit.
 */
export async function backfillRevocationLog(): Promise<number> {
  const db = await getDb();
  const c = schema.certificates;
  const r = schema.certificateRevocations;
  const done = await db.select({ key: schema.appSettings.key }).from(schema.appSettings).where(eq(schema.appSettings.key, 'revocation_log_backfilled'));
  if (done.length) return 0;
  return db.transaction(async (tx) => {
    const legacy = await tx
      .select({ code: c.code, statusIndex: c.statusIndex, revokedAt: c.revokedAt, reason: c.revocationReason, by: c.revokedBy })
      .from(c)
      .where(sql`${c.revokedAt} is not null and ${c.code} not in (select ${r.code} from ${r})`)
      .orderBy(c.revokedAt);
    for (const l of legacy) await appendRevocation(tx, { code: l.code, statusIndex: l.statusIndex, reason: l.reason ?? '', revokedAt: l.revokedAt!.toISOString(), actorId: l.by });
    await tx.insert(schema.appSettings).values({ key: 'revocation_log_backfilled', value: new Date().toISOString() }).onConflictDoNothing();
    return legacy.length;
  });
}
