/**
 * What follows a first factor (a password, or an OpenID Connect identity): a session at once, or,
 * for an account with a second factor, a short single-use challenge that /login/verifica completes.
 * Staff sign-ins (admin, coordinator, lecturer) and their refusals go to the audit log.
 */
import { and, asc, desc, eq, gt, isNull, like, ne } from 'drizzle-orm';
import { getDb, schema } from '~/utils/db.server';
import { env } from '~/utils/env.server';
import { getSettings } from '~/admin/settings.server';
import { createSession, generateToken, hashToken } from './session.server';
import { hasTwoFactor, verifyTwoFactor } from './totp.server';

export const MFA_COOKIE = 'aula_mfa';
const CHALLENGE_MINUTES = 10;
const STAFF = ['admin', 'coordinator', 'lecturer'] as const;
/** the roles whose accounts must have a second factor when the setting says so */
export const TOTP_ROLES = ['admin', 'coordinator'] as const;

async function rolesOf(userId: string) {
  const db = await getDb();
  return (await db.select({ role: schema.userRoles.role }).from(schema.userRoles).where(eq(schema.userRoles.userId, userId))).map((r) => r.role);
}

export async function isStaff(userId: string) {
  return (await rolesOf(userId)).some((r) => (STAFF as readonly string[]).includes(r));
}

/** Whether this person must enrol a second factor before using a staff page. */
export async function mustEnrolTwoFactor(user: { roles: Array<{ role: string }>; twoFactor: boolean }): Promise<boolean> {
  if (user.twoFactor) return false;
  if (!user.roles.some((r) => (TOTP_ROLES as readonly string[]).includes(r.role))) return false;
  return (await getSettings()).totpRequiredForStaff;
}

export async function auditSignIn({ userId, action, data }: { userId: string | null; action: string; data: Record<string, unknown> }) {
  const db = await getDb();
  await db.insert(schema.auditLog).values({ actorId: userId, action, target: userId, data: JSON.stringify(data) });
}

export type SignInStep = { kind: 'session'; token: string; expiresAt: Date; redirectTo: string } | { kind: 'challenge'; challenge: string; expiresAt: Date };

/** After a first factor: a session, or a second-factor challenge when the account has one. */
export async function completeSignIn({
  userId,
  method,
  redirectTo,
  userAgent,
  clientIp,
}: {
  userId: string;
  method: string;
  redirectTo: string;
  userAgent: string | null;
  clientIp: string;
}): Promise<SignInStep> {
  const db = await getDb();
  if (await hasTwoFactor(userId)) {
    const challenge = generateToken();
    const expiresAt = new Date(Date.now() + CHALLENGE_MINUTES * 60_000);
    await db.insert(schema.mfaChallenges).values({ id: hashToken(challenge), userId, method, redirectTo, expiresAt });
    return { kind: 'challenge', challenge, expiresAt };
  }
  const session = await createSession({ userId, userAgent, method });
  const roles = await rolesOf(userId);
  if (roles.some((r) => (STAFF as readonly string[]).includes(r))) await auditSignIn({ userId, action: 'auth.signin', data: { method, secondFactor: false, ip: clientIp } });
  const enrol = roles.some((r) => (TOTP_ROLES as readonly string[]).includes(r)) && (await getSettings()).totpRequiredForStaff;
  return { kind: 'session', ...session, redirectTo: enrol ? '/profilo/due-fattori?obbligatorio=1' : redirectTo };
}

async function findChallenge(challenge: string) {
  const db = await getDb();
  const [row] = await db
    .select()
    .from(schema.mfaChallenges)
    .where(and(eq(schema.mfaChallenges.id, hashToken(challenge)), isNull(schema.mfaChallenges.usedAt), gt(schema.mfaChallenges.expiresAt, new Date())));
  return row ?? null;
}

export async function isChallengeValid(challenge: string | null) {
  return Boolean(challenge && (await findChallenge(challenge)));
}

export type ChallengeResult = { ok: true; token: string; expiresAt: Date; redirectTo: string } | { ok: false; reason: 'expired' | 'invalid' | 'throttled' | 'notEnrolled'; retryAfterSeconds?: number };

/** The second step of a sign-in: a TOTP or recovery code for the challenge of the first step. */
export async function completeChallenge({ challenge, code, userAgent, clientIp }: { challenge: string; code: string; userAgent: string | null; clientIp: string }): Promise<ChallengeResult> {
  const row = await findChallenge(challenge);
  if (!row) return { ok: false, reason: 'expired' };
  const check = await verifyTwoFactor({ userId: row.userId, code });
  if (!check.ok) {
    if (await isStaff(row.userId)) await auditSignIn({ userId: row.userId, action: 'auth.signin.refused', data: { method: row.method, reason: `totp-${check.reason}`, ip: clientIp } });
    return { ok: false, reason: check.reason, retryAfterSeconds: check.retryAfterSeconds };
  }
  const db = await getDb();
  const used = await db
    .update(schema.mfaChallenges)
    .set({ usedAt: new Date() })
    .where(and(eq(schema.mfaChallenges.id, row.id), isNull(schema.mfaChallenges.usedAt)))
    .returning({ id: schema.mfaChallenges.id });
  if (!used.length) return { ok: false, reason: 'expired' };
  const session = await createSession({ userId: row.userId, userAgent, method: row.method });
  if (await isStaff(row.userId)) await auditSignIn({ userId: row.userId, action: 'auth.signin', data: { method: row.method, secondFactor: check.via, ip: clientIp } });
  return { ok: true, ...session, redirectTo: row.redirectTo };
}

export function challengeCookie(challenge: string, expiresAt: Date): string {
  const parts = [`${MFA_COOKIE}=${challenge}`, 'HttpOnly', 'SameSite=Lax', 'Path=/login', `Expires=${expiresAt.toUTCString()}`];
  if (env.secureCookies) parts.push('Secure');
  return parts.join('; ');
}

export function clearChallengeCookie(): string {
  return `${MFA_COOKIE}=; HttpOnly; SameSite=Lax; Path=/login; Max-Age=0${env.secureCookies ? '; Secure' : ''}`;
}

/** A person's active sessions, newest first; `ref` is an opaque prefix of the id, never the whole hash. */
export async function listSessions({ userId, currentSessionId }: { userId: string; currentSessionId: string }) {
  const db = await getDb();
  const rows = await db
    .select()
    .from(schema.sessions)
    .where(and(eq(schema.sessions.userId, userId), gt(schema.sessions.expiresAt, new Date())))
    .orderBy(desc(schema.sessions.lastSeenAt), asc(schema.sessions.createdAt));
  return rows.map((s) => ({
    ref: s.id.slice(0, 16),
    current: s.id === currentSessionId,
    device: s.device,
    method: s.method,
    createdAt: s.createdAt,
    lastSeenAt: s.lastSeenAt ?? s.createdAt,
  }));
}

/** Ends one of the person's own sessions (by ref), or every other one. */
export async function endSessions({ userId, currentSessionId, ref }: { userId: string; currentSessionId: string; ref: string | 'others' }): Promise<{ ended: number }> {
  const db = await getDb();
  if (ref === 'others') {
    const ended = await db
      .delete(schema.sessions)
      .where(and(eq(schema.sessions.userId, userId), ne(schema.sessions.id, currentSessionId)))
      .returning({ id: schema.sessions.id });
    return { ended: ended.length };
  }
  if (!/^[0-9a-f]{16}$/.test(ref)) return { ended: 0 };
  const ended = await db
    .delete(schema.sessions)
    .where(and(eq(schema.sessions.userId, userId), like(schema.sessions.id, `${ref}%`)))
    .returning({ id: schema.sessions.id });
  return { ended: ended.length };
}
