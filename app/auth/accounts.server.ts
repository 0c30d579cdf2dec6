/**
 * Accounts: sign-in, password change, invitations and password resets. Outcomes are typed codes;
 * the routes say them in the reader's language.
 */
import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import { getDb, schema, type DbOrTx } from '~/utils/db.server';
import { env } from '~/utils/env.server';
import { hitRateLimit } from '~/utils/rate-limit.server';
import { enqueueMail } from '~/mail/outbox.server';
import { hashPassword, verifyPassword } from './password.server';
import { checkPassword, type PasswordProblem } from './password-policy.server';
import { createSession, generateToken, hashToken, invalidateUserSessions } from './session.server';
import { clearLoginAttempts, deviceCookieAfterLogin, deviceFor, reserveLoginAttempt } from './throttle.server';
import type { Role } from './guards.server';
import { auditSignIn, completeSignIn, isStaff } from './signin.server';
import { hasTwoFactor } from './totp.server';
import { getSettings } from '~/admin/settings.server';

const DAY = 24 * 60 * 60 * 1000;
const norm = (email: string) => email.trim().toLowerCase();

async function findUserByEmail(email: string, conn?: DbOrTx) {
  const db = conn ?? (await getDb());
  const rows = await db
    .select()
    .from(schema.users)
    .where(sql`lower(${schema.users.email}) = ${norm(email)}`)
    .limit(1);
  return rows[0] ?? null;
}

export type LoginResult =
  | {
      ok: true;
      /** the session token; empty while a second factor is due (`challenge` is then set) */
      token: string;
      expiresAt: Date;
      userId: string;
      deviceCookie: string;
      /** a second-factor challenge for /login/verifica, or null */
      challenge: string | null;
      /** where to go next (e.g. enrolment of a required second factor) */
      redirectTo: string;
    }
  | { ok: false; reason: 'invalid' | 'ssoOnly' }
  | { ok: false; reason: 'throttled'; retryAfterSeconds: number };

/** Signs in; never says whether the address exists. See throttle.server.ts for the limits. */
export async function login({
  email,
  password,
  clientIp = 'unknown',
  deviceCookie = null,
  userAgent = null,
  redirectTo = '/corsi',
}: {
  email: string;
  password: string;
  clientIp?: string;
  deviceCookie?: string | null;
  userAgent?: string | null;
  redirectTo?: string;
}): Promise<LoginResult> {
  const deviceId = await deviceFor(deviceCookie, email);
  const reservation = await reserveLoginAttempt({ email, clientIp, deviceId });
  if (!reservation.ok) return { ok: false, reason: 'throttled', retryAfterSeconds: reservation.retryAfterSeconds };
  const user = await findUserByEmail(email);
  const valid = await verifyPassword(user && !user.disabledAt ? user.passwordHash : null, password);
  if (!user || !valid) {
    if (user && (await isStaff(user.id)))
      await auditSignIn({ userId: user.id, action: 'auth.signin.refused', data: { method: 'password', reason: user.disabledAt ? 'disabled' : 'password', ip: clientIp } });
    return { ok: false, reason: 'invalid' };
  }
  // Local passwords can be turned off for people who sign in through an identity provider.
  if (!(await getSettings()).passwordsForSsoUsers) {
    const db = await getDb();
    const [identity] = await db.select({ id: schema.userIdentities.id }).from(schema.userIdentities).where(eq(schema.userIdentities.userId, user.id)).limit(1);
    if (identity) {
      if (await isStaff(user.id)) await auditSignIn({ userId: user.id, action: 'auth.signin.refused', data: { method: 'password', reason: 'sso-only', ip: clientIp } });
      return { ok: false, reason: 'ssoOnly' };
    }
  }
  await clearLoginAttempts(reservation.keys);
  const step = await completeSignIn({ userId: user.id, method: 'password', redirectTo, userAgent, clientIp });
  const device = await deviceCookieAfterLogin(deviceCookie, email);
  if (step.kind === 'challenge') return { ok: true, token: '', expiresAt: step.expiresAt, userId: user.id, deviceCookie: device, challenge: step.challenge, redirectTo };
  return { ok: true, token: step.token, expiresAt: step.expiresAt, userId: user.id, deviceCookie: device, challenge: null, redirectTo: step.redirectTo };
}

export type ChangePasswordResult = { ok: true } | { ok: false; reason: 'wrongCurrent' | 'throttled' | PasswordProblem };

/** Changes the password and ends every other session. Wrong current passwords are throttled like sign-ins. */
export async function changePassword({ userId, sessionId, current, next }: { userId: string; sessionId: string; current: string; next: string }): Promise<ChangePasswordResult> {
  const db = await getDb();
  const [user] = await db.select().from(schema.users).where(eq(schema.users.id, userId));
  if (!user) return { ok: false, reason: 'wrongCurrent' };
  const attempt = await hitRateLimit({ key: `password-change:${userId}`, limit: 5, windowSeconds: 15 * 60 });
  if (!attempt.allowed) return { ok: false, reason: 'throttled' };
  if (!(await verifyPassword(user.passwordHash, current))) return { ok: false, reason: 'wrongCurrent' };
  const problem = checkPassword(next, user);
  if (problem) return { ok: false, reason: problem };
  const passwordHash = await hashPassword(next);
  await db.transaction(async (tx) => {
    await tx.update(schema.users).set({ passwordHash }).where(eq(schema.users.id, userId));
    await invalidateUserSessions({ userId, exceptSessionId: sessionId, db: tx });
    await tx.delete(schema.loginThrottle).where(eq(schema.loginThrottle.key, `password-change:${userId}`));
  });
  return { ok: true };
}

export async function setLocale({ userId, locale }: { userId: string; locale: 'it' | 'en' }) {
  const db = await getDb();
  await db.update(schema.users).set({ locale }).where(eq(schema.users.id, userId));
}

/**
 * Creates a single-use invitation valid 7 days and mails its link, in one transaction. A new
 * invitation to an address revokes the older ones still pending.
 */
export async function inviteUser({ actorId, email, role, organisationId, locale = 'it' }: { actorId: string; email: string; role: Role; organisationId?: string; locale?: 'it' | 'en' }) {
  const db = await getDb();
  const token = generateToken();
  const address = norm(email);
  await db.transaction(async (tx) => {
    const existing = await findUserByEmail(address, tx);
    await tx
      .update(schema.authTokens)
      .set({ usedAt: new Date() })
      .where(and(eq(schema.authTokens.kind, 'invite'), eq(schema.authTokens.email, address), isNull(schema.authTokens.usedAt)));
    await tx.insert(schema.authTokens).values({
      id: hashToken(token),
      kind: 'invite',
      email: address,
      userId: existing?.id ?? null,
      role,
      organisationId: organisationId ?? null,
      createdBy: actorId,
      expiresAt: new Date(Date.now() + 7 * DAY),
    });
    await tx.insert(schema.auditLog).values({ actorId, action: 'user.invite', target: address, data: JSON.stringify({ role, organisationId }) });
    await enqueueMail(tx, {
      key: `invite:${hashToken(token)}`,
      to: address,
      userId: existing?.id ?? null,
      locale: existing?.locale === 'en' ? 'en' : locale,
      template: 'invite',
      data: { url: `${env.baseUrl}/invito/${token}`, days: 7 },
    });
  });
  return { token };
}

/** A token of this kind that matches, is unused and has not expired (one condition for reads and uses). */
function usable(token: string, kind: 'invite' | 'reset') {
  return and(eq(schema.authTokens.id, hashToken(token)), eq(schema.authTokens.kind, kind), isNull(schema.authTokens.usedAt), gt(schema.authTokens.expiresAt, new Date()));
}

async function findValidToken(token: string, kind: 'invite' | 'reset') {
  const db = await getDb();
  const rows = await db.select().from(schema.authTokens).where(usable(token, kind));
  return rows[0] ?? null;
}

export async function describeInvite(token: string) {
  const row = await findValidToken(token, 'invite');
  if (!row) return null;
  const user = await findUserByEmail(row.email);
  return { email: row.email, role: row.role, hasAccount: Boolean(user && !(user.passwordHash === null && user.id === row.userId)) };
}

export type AcceptInviteResult = { ok: true; token: string; expiresAt: Date } | { ok: false; reason: 'invalid' | 'accountExists' | PasswordProblem };

/**
 * Uses an invitation: creates the account, grants the role, signs in. It never changes an existing
 * account (the person is sent to password reset instead), except one a coordinator enrolled, which
 * has no password yet and is completed by the invitation made for it.
 */
export async function acceptInvite({ token, name, password }: { token: string; name: string; password: string }): Promise<AcceptInviteResult> {
  const invite = await findValidToken(token, 'invite');
  if (!invite) return { ok: false, reason: 'invalid' };
  const existing = await findUserByEmail(invite.email);
  // A coordinator's enrolment creates the account without a password; its own invitation completes it.
  const preProvisioned = existing && existing.passwordHash === null && invite.userId === existing.id && !existing.erasedAt;
  if (existing && !preProvisioned) return { ok: false, reason: 'accountExists' };
  const problem = checkPassword(password, { email: invite.email, name });
  if (problem) return { ok: false, reason: problem };
  const passwordHash = await hashPassword(password);
  const db = await getDb();
  return db.transaction(async (tx): Promise<AcceptInviteResult> => {
    // Mark used first: the conditional update makes the token single-use even under concurrency.
    const used = await tx.update(schema.authTokens).set({ usedAt: new Date() }).where(usable(token, 'invite')).returning();
    const row = used[0];
    if (!row) return { ok: false, reason: 'invalid' };
    const [u] = preProvisioned
      ? await tx
          .update(schema.users)
          .set({ name, passwordHash })
          .where(and(eq(schema.users.id, existing.id), isNull(schema.users.passwordHash)))
          .returning({ id: schema.users.id })
      : await tx.insert(schema.users).values({ email: row.email, name, passwordHash }).onConflictDoNothing().returning({ id: schema.users.id });
    if (!u) return { ok: false, reason: 'accountExists' };
    if (row.role) await tx.insert(schema.userRoles).values({ userId: u.id, role: row.role, organisationId: row.organisationId }).onConflictDoNothing();
    if (row.organisationId) await tx.insert(schema.memberships).values({ userId: u.id, organisationId: row.organisationId }).onConflictDoNothing();
    await tx.insert(schema.auditLog).values({ actorId: u.id, action: 'user.invite.accept', target: row.email });
    const session = await createSession({ userId: u.id, db: tx });
    return { ok: true, ...session };
  });
}

/** Per address and per client, in an hour. */
export const RESET_LIMITS = { perAddress: 3, perClient: 10, windowSeconds: 3600 } as const;

/**
 * Mails a single-use reset link (valid 1 hour) when the account exists, within the limits. The
 * route answers the same thing at once whatever happens here, and calls this without waiting for
 * it: neither the answer nor its timing tells whether an address exists.
 */
export async function requestPasswordReset({ email, clientIp = 'unknown', locale = 'it' }: { email: string; clientIp?: string; locale?: 'it' | 'en' }): Promise<void> {
  try {
    const address = norm(email);
    const perClient = await hitRateLimit({ key: `reset-ip:${clientIp}`, limit: RESET_LIMITS.perClient, windowSeconds: RESET_LIMITS.windowSeconds });
    const perAddress = await hitRateLimit({ key: `reset:${address}`, limit: RESET_LIMITS.perAddress, windowSeconds: RESET_LIMITS.windowSeconds });
    if (!perClient.allowed || !perAddress.allowed) return;
    const user = await findUserByEmail(address);
    if (!user || user.disabledAt) return;
    const db = await getDb();
    const token = generateToken();
    await db.transaction(async (tx) => {
      // Only the newest link works. Concurrent requests for one account take turns (row lock on
      // the user), so on PostgreSQL no two of them can each leave a link unused.
      await tx.select({ id: schema.users.id }).from(schema.users).where(eq(schema.users.id, user.id)).for('update');
      await tx
        .update(schema.authTokens)
        .set({ usedAt: new Date() })
        .where(and(eq(schema.authTokens.kind, 'reset'), eq(schema.authTokens.userId, user.id), isNull(schema.authTokens.usedAt)));
      await tx.insert(schema.authTokens).values({ id: hashToken(token), kind: 'reset', email: user.email, userId: user.id, expiresAt: new Date(Date.now() + 60 * 60 * 1000) });
      await enqueueMail(tx, {
        key: `reset:${hashToken(token)}`,
        to: user.email,
        userId: user.id,
        locale: user.locale === 'en' ? 'en' : locale,
        template: 'reset',
        data: { url: `${env.baseUrl}/reimposta-password/${token}` },
      });
    });
  } catch (error) {
    console.error('[auth] richiesta di reimpostazione non riuscita', error instanceof Error ? error.message : error);
  }
}

export async function isResetTokenValid(token: string) {
  return Boolean(await findValidToken(token, 'reset'));
}

export type ResetResult = { ok: true; token: string; expiresAt: Date } | { ok: false; reason: 'invalid' | PasswordProblem };

/** Uses a reset link: new password, every session ended, a fresh one started. */
export async function resetPassword({ token, password }: { token: string; password: string }): Promise<ResetResult> {
  const found = await findValidToken(token, 'reset');
  if (!found?.userId) return { ok: false, reason: 'invalid' };
  const db = await getDb();
  const [user] = await db.select({ email: schema.users.email, name: schema.users.name }).from(schema.users).where(eq(schema.users.id, found.userId));
  const problem = checkPassword(password, user ?? {});
  if (problem) return { ok: false, reason: problem };
  const passwordHash = await hashPassword(password);
  return db.transaction(async (tx): Promise<ResetResult> => {
    const used = await tx.update(schema.authTokens).set({ usedAt: new Date() }).where(usable(token, 'reset')).returning();
    const row = used[0];
    if (!row?.userId) return { ok: false, reason: 'invalid' };
    await tx.update(schema.users).set({ passwordHash }).where(eq(schema.users.id, row.userId));
    await invalidateUserSessions({ userId: row.userId, db: tx });
    await tx.delete(schema.loginThrottle).where(sql`${schema.loginThrottle.key} like ${`login:${norm(row.email)}:%`}`);
    // With a second factor, a link in the mailbox is not enough to get in: sign in again, with the code.
    if (await hasTwoFactor(row.userId, tx)) return { ok: true, token: '', expiresAt: new Date() };
    return { ok: true, ...(await createSession({ userId: row.userId, db: tx, method: 'password' })) };
  });
}

export async function listOrganisations() {
  const db = await getDb();
  return db.select({ id: schema.organisations.id, name: schema.organisations.name, kind: schema.organisations.kind }).from(schema.organisations).orderBy(schema.organisations.name);
}
