/**
 * Erasure requests (GDPR art. 17): the person asks, an admin acting as the DPO approves or refuses
 * with a reason; both are recorded (the request row and the audit log). Approval pseudonymises the
 * account in one transaction following the privacy registry: name and e-mail replaced, password
 * removed, every session ended, sign-in impossible; the training records the body must keep stay
 * under the pseudonym for the retention period, then `purgeRetainedRecords` deletes them.
 * Certificates already issued keep verifying (see README, "Privacy").
 */
import { and, desc, eq, isNotNull, lt, sql } from 'drizzle-orm';
import { getDb, schema } from '~/utils/db.server';
import { env } from '~/utils/env.server';
import { getSettings } from '~/admin/settings.server';
import { enqueueMail } from '~/mail/outbox.server';
import { deleteRetainedRows, eraseByRegistry } from './data.server';

export async function myPrivacyRequests({ userId }: { userId: string }) {
  const db = await getDb();
  return db.select().from(schema.privacyRequests).where(eq(schema.privacyRequests.userId, userId)).orderBy(desc(schema.privacyRequests.createdAt));
}

export type RequestResult = { ok: true; id: string } | { ok: false; reason: 'pending' | 'lastAdmin' };

async function isLastAdmin(userId: string) {
  const db = await getDb();
  const rows = await db.execute(
    sql`select (exists (select 1 from user_roles where user_id = ${userId} and role = 'admin')) and not exists (select 1 from user_roles r join users u on u.id = r.user_id where r.role = 'admin' and u.disabled_at is null and r.user_id <> ${userId}) as last`,
  );
  const row = (Array.isArray(rows) ? rows[0] : (rows as { rows: unknown[] }).rows[0]) as { last?: boolean } | undefined;
  return Boolean(row?.last);
}

export async function requestErasure({ userId, note }: { userId: string; note: string | null }): Promise<RequestResult> {
  if (await isLastAdmin(userId)) return { ok: false, reason: 'lastAdmin' };
  const db = await getDb();
  return db.transaction(async (tx): Promise<RequestResult> => {
    const [row] = await tx.insert(schema.privacyRequests).values({ userId, kind: 'erasure', note }).onConflictDoNothing().returning({ id: schema.privacyRequests.id });
    if (!row) return { ok: false, reason: 'pending' };
    await tx.insert(schema.auditLog).values({ actorId: userId, action: 'privacy.erasure.request', target: row.id });
    // Every admin (the DPO among them) is told that a request is waiting; the person's name is not in the mail.
    const admins = await tx
      .select({ id: schema.users.id, email: schema.users.email, locale: schema.users.locale })
      .from(schema.users)
      .innerJoin(schema.userRoles, eq(schema.userRoles.userId, schema.users.id))
      .where(and(eq(schema.userRoles.role, 'admin'), sql`${schema.users.disabledAt} is null`));
    for (const a of admins)
      await enqueueMail(tx, {
        key: `privacy-request:${row.id}:${a.id}`,
        to: a.email,
        userId: a.id,
        locale: a.locale === 'en' ? 'en' : 'it',
        template: 'notice',
        data: {
          subject: 'Aula: nuova richiesta di cancellazione dei dati',
          heading: 'Nuova richiesta di cancellazione',
          paragraphs: ['Una persona ha chiesto la cancellazione dei propri dati (art. 17 GDPR). Decidi entro un mese, con una motivazione.'],
          action: { label: 'Apri le richieste privacy', url: `${env.baseUrl}/admin/privacy` },
        },
      });
    return { ok: true, id: row.id };
  });
}

export async function withdrawErasure({ userId, requestId }: { userId: string; requestId: string }) {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const done = await tx
      .update(schema.privacyRequests)
      .set({ status: 'withdrawn', decidedAt: new Date() })
      .where(and(eq(schema.privacyRequests.id, requestId), eq(schema.privacyRequests.userId, userId), eq(schema.privacyRequests.status, 'pending')))
      .returning({ id: schema.privacyRequests.id });
    if (done.length) await tx.insert(schema.auditLog).values({ actorId: userId, action: 'privacy.erasure.withdraw', target: requestId });
    return { ok: done.length > 0 };
  });
}

export async function listPrivacyRequests({ status }: { status?: 'pending' | 'approved' | 'refused' | 'withdrawn' } = {}) {
  const db = await getDb();
  const r = schema.privacyRequests;
  return db
    .select({
      id: r.id,
      status: r.status,
      kind: r.kind,
      note: r.note,
      createdAt: r.createdAt,
      decidedAt: r.decidedAt,
      decisionReason: r.decisionReason,
      userId: r.userId,
      name: schema.users.name,
      email: schema.users.email,
      deciderName: sql<string | null>`(select d.name from users d where d.id = ${r.decidedBy})`,
    })
    .from(r)
    .innerJoin(schema.users, eq(schema.users.id, r.userId))
    .where(status ? eq(r.status, status) : undefined)
    .orderBy(desc(r.createdAt))
    .limit(500);
}

export type DecisionResult = { ok: true } | { ok: false; reason: 'notPending' | 'lastAdmin' | 'self' };

export function pseudonymFor(userId: string) {
  const tag = userId.replace(/-/g, '').slice(0, 8).toUpperCase();
  return { name: `Persona cancellata ${tag}`, email: `cancellato-${userId}@aula.invalid` };
}

/** The DPO's decision. Approval pseudonymises the account (registry-driven) in the same transaction. */
export async function decideErasure({ actorId, requestId, approve, reason }: { actorId: string; requestId: string; approve: boolean; reason: string }): Promise<DecisionResult> {
  const db = await getDb();
  const [request] = await db.select().from(schema.privacyRequests).where(eq(schema.privacyRequests.id, requestId));
  if (!request || request.status !== 'pending') return { ok: false, reason: 'notPending' };
  if (approve && request.userId === actorId) return { ok: false, reason: 'self' };
  if (approve && (await isLastAdmin(request.userId))) return { ok: false, reason: 'lastAdmin' };
  return db.transaction(async (tx): Promise<DecisionResult> => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('aula:last-admin'))`);
    const decided = await tx
      .update(schema.privacyRequests)
      .set({ status: approve ? 'approved' : 'refused', decidedBy: actorId, decisionReason: reason, decidedAt: new Date() })
      .where(and(eq(schema.privacyRequests.id, requestId), eq(schema.privacyRequests.status, 'pending')))
      .returning();
    const row = decided[0];
    if (!row) return { ok: false, reason: 'notPending' };
    const [person] = await tx.select({ id: schema.users.id, email: schema.users.email, locale: schema.users.locale }).from(schema.users).where(eq(schema.users.id, row.userId));
    if (!person) return { ok: false, reason: 'notPending' };
    if (!approve) {
      await tx.insert(schema.auditLog).values({ actorId, action: 'privacy.erasure.refuse', target: row.id, data: JSON.stringify({ reason }) });
      await enqueueMail(tx, {
        key: `privacy-refused:${row.id}`,
        to: person.email,
        userId: person.id,
        locale: person.locale === 'en' ? 'en' : 'it',
        template: 'notice',
        data: {
          subject: 'Aula: la tua richiesta di cancellazione dei dati',
          heading: 'Richiesta non accolta',
          paragraphs: [
            'La tua richiesta di cancellazione dei dati non è stata accolta, per questo motivo:',
            reason,
            'Puoi rivolgerti al responsabile della protezione dei dati o presentare reclamo al Garante per la protezione dei dati personali.',
          ],
        },
      });
      return { ok: true };
    }
    const touched = await eraseByRegistry(tx, person, pseudonymFor(person.id));
    const retention = (await getSettings()).retentionYears;
    await tx.insert(schema.auditLog).values({ actorId, action: 'privacy.erasure.approve', target: row.id, data: JSON.stringify({ reason, retentionYears: retention, touched }) });
    return { ok: true };
  });
}

/** The scheduled job: training records of accounts erased more than the retention period ago are deleted. */
export async function purgeRetainedRecords({ now }: { now: Date }) {
  const db = await getDb();
  const years = (await getSettings()).retentionYears;
  const limit = new Date(now);
  limit.setUTCFullYear(limit.getUTCFullYear() - years);
  const due = await db
    .select({ id: schema.users.id })
    .from(schema.users)
    .where(and(isNotNull(schema.users.erasedAt), lt(schema.users.erasedAt, limit)));
  let rows = 0;
  for (const u of due) {
    await db.transaction(async (tx) => {
      const n = await deleteRetainedRows(tx, u.id);
      if (n) await tx.insert(schema.auditLog).values({ actorId: null, action: 'privacy.retention.purge', target: u.id, data: JSON.stringify({ rows: n, retentionYears: years }) });
      rows += n;
    });
  }
  return { accounts: due.length, rows };
}
