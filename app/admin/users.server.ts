/**
 * The admin's view of people: the list with filters, roles and their organisation scope,
 * deactivation (every session ends in the same transaction) and reactivation, pending invitations.
 * Every change writes an audit entry in its transaction. The last active admin cannot lose the role
 * or be deactivated: the check runs under a transaction-level advisory lock, so two admins demoting
 * each other at once cannot both succeed.
 */
import { and, asc, desc, eq, gt, ilike, isNotNull, isNull, or, sql, type SQL } from 'drizzle-orm';
import { getDb, schema, type DbOrTx } from '~/utils/db.server';
import { env } from '~/utils/env.server';
import { enqueueMail } from '~/mail/outbox.server';
import { generateToken, hashToken } from '~/auth/session.server';

export type Role = 'learner' | 'lecturer' | 'coordinator' | 'admin' | 'operatore' | 'revisore';
export const ROLES: Role[] = ['learner', 'lecturer', 'coordinator', 'admin', 'operatore', 'revisore'];
export const USER_STATUSES = ['active', 'disabled', 'erased'] as const;
export type UserStatus = (typeof USER_STATUSES)[number];
export const LAST_SIGN_IN = ['never', '30', '90', 'older'] as const;

export interface UserFilters {
  q?: string;
  role?: Role;
  organisationId?: string;
  status?: UserStatus;
  lastSignIn?: (typeof LAST_SIGN_IN)[number];
  page?: number;
}

const PAGE = 50;
const DAY = 86_400_000;

export async function listUsers(filters: UserFilters = {}) {
  const db = await getDb();
  const u = schema.users;
  const where: SQL[] = [];
  if (filters.q) {
    const like = `%${filters.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    where.push(or(ilike(u.name, like), ilike(u.email, like))!);
  }
  if (filters.role) where.push(sql`exists (select 1 from user_roles r where r.user_id = ${u.id} and r.role = ${filters.role})`);
  if (filters.organisationId)
    where.push(
      sql`(exists (select 1 from memberships m where m.user_id = ${u.id} and m.organisation_id = ${filters.organisationId}) or exists (select 1 from user_roles r where r.user_id = ${u.id} and r.organisation_id = ${filters.organisationId}))`,
    );
  if (filters.status === 'active') where.push(isNull(u.disabledAt));
  if (filters.status === 'disabled') where.push(and(isNotNull(u.disabledAt), isNull(u.erasedAt))!);
  if (filters.status === 'erased') where.push(isNotNull(u.erasedAt));
  const now = Date.now();
  if (filters.lastSignIn === 'never') where.push(isNull(u.lastSignInAt));
  if (filters.lastSignIn === '30') where.push(gt(u.lastSignInAt, new Date(now - 30 * DAY)));
  if (filters.lastSignIn === '90') where.push(gt(u.lastSignInAt, new Date(now - 90 * DAY)));
  if (filters.lastSignIn === 'older') where.push(sql`${u.lastSignInAt} <= ${new Date(now - 90 * DAY)}`);
  const page = Math.max(1, filters.page ?? 1);
  const condition = where.length ? and(...where) : undefined;
  const rows = await db
    .select({
      id: u.id,
      name: u.name,
      email: u.email,
      disabledAt: u.disabledAt,
      erasedAt: u.erasedAt,
      lastSignInAt: u.lastSignInAt,
      roles: sql<
        Array<{ role: Role; organisation: string | null }>
      >`coalesce((select json_agg(json_build_object('role', r.role, 'organisation', o.name) order by r.role) from user_roles r left join organisations o on o.id = r.organisation_id where r.user_id = users.id), '[]'::json)`,
      organisations: sql<string[]>`coalesce((select json_agg(o.name order by o.name) from memberships m join organisations o on o.id = m.organisation_id where m.user_id = users.id), '[]'::json)`,
    })
    .from(u)
    .where(condition)
    .orderBy(asc(u.name), asc(u.id))
    .limit(PAGE + 1)
    .offset((page - 1) * PAGE);
  const [{ total } = { total: 0 }] = await db
    .select({ total: sql<number>`count(*)::int` })
    .from(u)
    .where(condition);
  return { users: rows.slice(0, PAGE), total, page, hasNext: rows.length > PAGE };
}

export async function getUserDetail({ userId }: { userId: string }) {
  const db = await getDb();
  const [user] = await db
    .select({
      id: schema.users.id,
      name: schema.users.name,
      email: schema.users.email,
      disabledAt: schema.users.disabledAt,
      erasedAt: schema.users.erasedAt,
      lastSignInAt: schema.users.lastSignInAt,
      createdAt: schema.users.createdAt,
    })
    .from(schema.users)
    .where(eq(schema.users.id, userId));
  if (!user) return null;
  const roles = await db
    .select({ id: schema.userRoles.id, role: schema.userRoles.role, organisationId: schema.userRoles.organisationId, organisation: schema.organisations.name })
    .from(schema.userRoles)
    .leftJoin(schema.organisations, eq(schema.organisations.id, schema.userRoles.organisationId))
    .where(eq(schema.userRoles.userId, userId))
    .orderBy(asc(schema.userRoles.role));
  const memberships = await db
    .select({ organisationId: schema.memberships.organisationId, organisation: schema.organisations.name })
    .from(schema.memberships)
    .innerJoin(schema.organisations, eq(schema.organisations.id, schema.memberships.organisationId))
    .where(eq(schema.memberships.userId, userId));
  const identities = await db
    .select({ issuer: schema.userIdentities.issuer, lastUsedAt: schema.userIdentities.lastUsedAt, hasFiscalNumber: sql<boolean>`${schema.userIdentities.fiscalNumber} is not null` })
    .from(schema.userIdentities)
    .where(eq(schema.userIdentities.userId, userId));
  const [sessions] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(schema.sessions)
    .where(and(eq(schema.sessions.userId, userId), gt(schema.sessions.expiresAt, new Date())));
  const [totp] = await db.select({ enabledAt: schema.totpCredentials.enabledAt }).from(schema.totpCredentials).where(eq(schema.totpCredentials.userId, userId));
  return { ...user, roles, memberships, identities, activeSessions: sessions?.n ?? 0, twoFactor: Boolean(totp?.enabledAt) };
}

/** Serialises every change that could remove the last admin (one lock for the whole platform). */
async function lockAdmins(tx: DbOrTx) {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext('aula:last-admin'))`);
}

async function activeAdminsOtherThan(tx: DbOrTx, userId: string) {
  const [row] = await tx
    .select({ n: sql<number>`count(distinct ${schema.userRoles.userId})::int` })
    .from(schema.userRoles)
    .innerJoin(schema.users, eq(schema.users.id, schema.userRoles.userId))
    .where(and(eq(schema.userRoles.role, 'admin'), isNull(schema.users.disabledAt), sql`${schema.userRoles.userId} <> ${userId}`));
  return row?.n ?? 0;
}

export type ChangeResult = { ok: true } | { ok: false; reason: 'notFound' | 'lastAdmin' | 'duplicate' | 'erased' | 'self' };

async function refusal(tx: DbOrTx, actorId: string, action: string, target: string, reason: string, data: Record<string, unknown> = {}) {
  // A refusal is recorded outside the rolled-back work: it is written in its own statement.
  await tx.insert(schema.auditLog).values({ actorId, action: `${action}.refused`, target, data: JSON.stringify({ reason, ...data }) });
}

/** Grants a role, optionally scoped to an organisation (a coordinator's subtree). */
export async function grantRole({ actorId, userId, role, organisationId }: { actorId: string; userId: string; role: Role; organisationId: string | null }): Promise<ChangeResult> {
  const db = await getDb();
  return db.transaction(async (tx): Promise<ChangeResult> => {
    const [user] = await tx.select({ erasedAt: schema.users.erasedAt }).from(schema.users).where(eq(schema.users.id, userId));
    if (!user) return { ok: false, reason: 'notFound' };
    if (user.erasedAt) return { ok: false, reason: 'erased' };
    const inserted = await tx.insert(schema.userRoles).values({ userId, role, organisationId }).onConflictDoNothing().returning({ id: schema.userRoles.id });
    if (!inserted.length) return { ok: false, reason: 'duplicate' };
    await tx.insert(schema.auditLog).values({ actorId, action: 'user.role.grant', target: userId, data: JSON.stringify({ role, organisationId }) });
    return { ok: true };
  });
}

/** Removes one role assignment; the last admin keeps theirs (refused and recorded). */
export async function revokeRole({ actorId, userId, roleId }: { actorId: string; userId: string; roleId: string }): Promise<ChangeResult> {
  const db = await getDb();
  const outcome = await db.transaction(async (tx): Promise<ChangeResult> => {
    await lockAdmins(tx);
    const [row] = await tx
      .select()
      .from(schema.userRoles)
      .where(and(eq(schema.userRoles.id, roleId), eq(schema.userRoles.userId, userId)));
    if (!row) return { ok: false, reason: 'notFound' };
    if (row.role === 'admin') {
      const [otherAdminRow] = await tx
        .select({ id: schema.userRoles.id })
        .from(schema.userRoles)
        .where(and(eq(schema.userRoles.userId, userId), eq(schema.userRoles.role, 'admin'), sql`${schema.userRoles.id} <> ${roleId}`));
      if (!otherAdminRow && (await activeAdminsOtherThan(tx, userId)) === 0) return { ok: false, reason: 'lastAdmin' };
    }
    await tx.delete(schema.userRoles).where(eq(schema.userRoles.id, roleId));
    await tx.insert(schema.auditLog).values({ actorId, action: 'user.role.revoke', target: userId, data: JSON.stringify({ role: row.role, organisationId: row.organisationId }) });
    return { ok: true };
  });
  if (!outcome.ok && outcome.reason === 'lastAdmin') await refusal(db, actorId, 'user.role.revoke', userId, 'lastAdmin');
  return outcome;
}

/** Deactivates an account: sign-in refused and every open session ended, in one transaction. */
export async function deactivateUser({ actorId, userId }: { actorId: string; userId: string }): Promise<ChangeResult & { sessionsEnded?: number }> {
  const db = await getDb();
  const outcome = await db.transaction(async (tx): Promise<ChangeResult & { sessionsEnded?: number }> => {
    await lockAdmins(tx);
    const [user] = await tx.select({ disabledAt: schema.users.disabledAt, erasedAt: schema.users.erasedAt }).from(schema.users).where(eq(schema.users.id, userId));
    if (!user) return { ok: false, reason: 'notFound' };
    if (userId === actorId) return { ok: false, reason: 'self' };
    const [isAdmin] = await tx
      .select({ id: schema.userRoles.id })
      .from(schema.userRoles)
      .where(and(eq(schema.userRoles.userId, userId), eq(schema.userRoles.role, 'admin')));
    if (isAdmin && !user.disabledAt && (await activeAdminsOtherThan(tx, userId)) === 0) return { ok: false, reason: 'lastAdmin' };
    await tx
      .update(schema.users)
      .set({ disabledAt: sql`coalesce(${schema.users.disabledAt}, now())` })
      .where(eq(schema.users.id, userId));
    const ended = await tx.delete(schema.sessions).where(eq(schema.sessions.userId, userId)).returning({ id: schema.sessions.id });
    await tx.delete(schema.mfaChallenges).where(eq(schema.mfaChallenges.userId, userId));
    await tx.insert(schema.auditLog).values({ actorId, action: 'user.deactivate', target: userId, data: JSON.stringify({ sessionsEnded: ended.length }) });
    return { ok: true, sessionsEnded: ended.length };
  });
  if (!outcome.ok && (outcome.reason === 'lastAdmin' || outcome.reason === 'self')) await refusal(db, actorId, 'user.deactivate', userId, outcome.reason);
  return outcome;
}

export async function reactivateUser({ actorId, userId }: { actorId: string; userId: string }): Promise<ChangeResult> {
  const db = await getDb();
  return db.transaction(async (tx): Promise<ChangeResult> => {
    const [user] = await tx.select({ erasedAt: schema.users.erasedAt }).from(schema.users).where(eq(schema.users.id, userId));
    if (!user) return { ok: false, reason: 'notFound' };
    if (user.erasedAt) return { ok: false, reason: 'erased' };
    await tx.update(schema.users).set({ disabledAt: null }).where(eq(schema.users.id, userId));
    await tx.insert(schema.auditLog).values({ actorId, action: 'user.reactivate', target: userId });
    return { ok: true };
  });
}

/** Invitations not used yet (expired ones included, marked), newest first. */
export async function listPendingInvitations() {
  const db = await getDb();
  const t = schema.authTokens;
  return db
    .select({ ref: sql<string>`substr(${t.id}, 1, 16)`, email: t.email, role: t.role, organisation: schema.organisations.name, expiresAt: t.expiresAt, createdAt: t.createdAt })
    .from(t)
    .leftJoin(schema.organisations, eq(schema.organisations.id, t.organisationId))
    .where(and(eq(t.kind, 'invite'), isNull(t.usedAt)))
    .orderBy(desc(t.createdAt))
    .limit(200);
}

async function findInvitation(tx: DbOrTx, ref: string) {
  if (!/^[0-9a-f]{16}$/.test(ref)) return null;
  const t = schema.authTokens;
  const [row] = await tx
    .select()
    .from(t)
    .where(and(eq(t.kind, 'invite'), isNull(t.usedAt), sql`${t.id} like ${`${ref}%`}`));
  return row ?? null;
}

/** Cancels a pending invitation: its link stops working. */
export async function cancelInvitation({ actorId, ref }: { actorId: string; ref: string }): Promise<{ ok: boolean }> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const row = await findInvitation(tx, ref);
    if (!row) return { ok: false };
    await tx.update(schema.authTokens).set({ usedAt: new Date() }).where(eq(schema.authTokens.id, row.id));
    await tx.insert(schema.auditLog).values({ actorId, action: 'user.invite.cancel', target: row.email });
    return { ok: true };
  });
}

/** Sends a pending invitation again with a new link (the old one stops working), valid 7 more days. */
export async function resendInvitation({ actorId, ref, locale = 'it' }: { actorId: string; ref: string; locale?: 'it' | 'en' }): Promise<{ ok: boolean }> {
  const db = await getDb();
  const token = generateToken();
  return db.transaction(async (tx) => {
    const row = await findInvitation(tx, ref);
    if (!row) return { ok: false };
    await tx.update(schema.authTokens).set({ usedAt: new Date() }).where(eq(schema.authTokens.id, row.id));
    await tx.insert(schema.authTokens).values({ ...row, id: hashToken(token), createdBy: actorId, expiresAt: new Date(Date.now() + 7 * DAY), usedAt: null, createdAt: new Date() });
    await tx.insert(schema.auditLog).values({ actorId, action: 'user.invite.resend', target: row.email });
    await enqueueMail(tx, { key: `invite:${hashToken(token)}`, to: row.email, userId: row.userId, locale, template: 'invite', data: { url: `${env.baseUrl}/invito/${token}`, days: 7 } });
    return { ok: true };
  });
}
