import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import { getDb, schema } from '~/utils/db.server';
import { env } from '~/utils/env.server';
import { sendMail } from '~/mail/mail.server';
import { hashPassword, verifyPassword } from './password.server';
import { createSession, generateToken, hashToken, invalidateUserSessions } from './session.server';
import { clearLoginFailures, isLoginThrottled, recordLoginFailure } from './throttle.server';
import type { Role } from './guards.server';

const DAY = 24 * 60 * 60 * 1000;

async function findUserByEmail(email: string) {
  const db = await getDb();
  const rows = await db
    .select()
    .from(schema.users)
    .where(sql`lower(${schema.users.email}) = ${email.trim().toLowerCase()}`)
    .limit(1);
  return rows[0] ?? null;
}

export type LoginResult = { ok: true; token: string; expiresAt: Date; userId: string } | { ok: false; reason: 'invalid' | 'throttled' };

/** Signs in; never says whether the address exists. */
export async function login({ email, password }: { email: string; password: string }): Promise<LoginResult> {
  if (await isLoginThrottled(email)) return { ok: false, reason: 'throttled' };
  const user = await findUserByEmail(email);
  const valid = await verifyPassword(user && !user.disabledAt ? user.passwordHash : null, password);
  if (!user || !valid) {
    await recordLoginFailure(email);
    return { ok: false, reason: 'invalid' };
  }
  await clearLoginFailures(email);
  const { token, expiresAt } = await createSession({ userId: user.id });
  return { ok: true, token, expiresAt, userId: user.id };
}

/** Changes the password and ends every other session of the user. */
export async function changePassword({ userId, sessionId, current, next }: { userId: string; sessionId: string; current: string; next: string }) {
  const db = await getDb();
  const [user] = await db.select().from(schema.users).where(eq(schema.users.id, userId));
  if (!user || !(await verifyPassword(user.passwordHash, current))) return { ok: false as const };
  const passwordHash = await hashPassword(next);
  await db.transaction(async (tx) => {
    await tx.update(schema.users).set({ passwordHash }).where(eq(schema.users.id, userId));
    await invalidateUserSessions({ userId, exceptSessionId: sessionId, db: tx });
  });
  return { ok: true as const };
}

export async function setLocale({ userId, locale }: { userId: string; locale: 'it' | 'en' }) {
  const db = await getDb();
  await db.update(schema.users).set({ locale }).where(eq(schema.users.id, userId));
}

/** Creates a single-use invitation valid 7 days and mails its link. */
export async function inviteUser({ actorId, email, role, organisationId }: { actorId: string; email: string; role: Role; organisationId?: string }) {
  const db = await getDb();
  const token = generateToken();
  const existing = await findUserByEmail(email);
  await db.transaction(async (tx) => {
    await tx.insert(schema.authTokens).values({
      id: hashToken(token),
      kind: 'invite',
      email: email.toLowerCase(),
      userId: existing?.id ?? null,
      role,
      organisationId: organisationId ?? null,
      createdBy: actorId,
      expiresAt: new Date(Date.now() + 7 * DAY),
    });
    await tx.insert(schema.auditLog).values({ actorId, action: 'user.invite', target: email.toLowerCase(), data: JSON.stringify({ role, organisationId }) });
    await sendMail(
      {
        to: email,
        subject: 'Invito ad Aula – corso DREAM',
        text: `Sei stato invitato su Aula, la piattaforma di formazione del corso DREAM.\n\nApri questo link entro 7 giorni per scegliere la tua password:\n${env.baseUrl}/invito/${token}\n\nIl link vale una sola volta.`,
      },
      tx,
    );
  });
  return { token };
}

/** A token of this kind that matches, is unused and has not expired (one condition for reads and uses). */
function usable(token: string, kind: 'invite' | 'reset') {
  return and(eq(schema.authTokens.id, hashToken(token)), eq(schema.authTokens.kind, kind), isNull(schema.authTokens.usedAt), gt(schema.authTokens.expiresAt, new Date()));
}

async function findValidToken(token: string, kind: 'invite' | 'reset') {
  const db = await getDb();
  const rows = await db
    .select()
    .from(schema.authTokens)
    .where(usable(token, kind));
  return rows[0] ?? null;
}

export async function describeInvite(token: string) {
  const row = await findValidToken(token, 'invite');
  return row ? { email: row.email, role: row.role, hasAccount: Boolean(row.userId) } : null;
}

/** Uses an invitation: creates (or completes) the account, grants the role, signs in. */
export async function acceptInvite({ token, name, password }: { token: string; name: string; password: string }) {
  const db = await getDb();
  const passwordHash = await hashPassword(password);
  const result = await db.transaction(async (tx) => {
    // Mark used first: the conditional update makes the token single-use even under concurrency.
    const used = await tx
      .update(schema.authTokens)
      .set({ usedAt: new Date() })
      .where(usable(token, 'invite'))
      .returning();
    const invite = used[0];
    if (!invite) return null;
    const found = await tx.select().from(schema.users).where(sql`lower(${schema.users.email}) = ${invite.email}`);
    let userId = found[0]?.id;
    if (userId) {
      await tx.update(schema.users).set({ passwordHash, name: name || found[0]!.name }).where(eq(schema.users.id, userId));
    } else {
      const [u] = await tx.insert(schema.users).values({ email: invite.email, name, passwordHash }).returning({ id: schema.users.id });
      userId = u!.id;
    }
    if (invite.role) {
      await tx.insert(schema.userRoles).values({ userId, role: invite.role, organisationId: invite.organisationId }).onConflictDoNothing();
    }
    if (invite.organisationId) {
      await tx.insert(schema.memberships).values({ userId, organisationId: invite.organisationId }).onConflictDoNothing();
    }
    return createSession({ userId, db: tx });
  });
  return result;
}

/** Always answers the same way; mails a single-use link (valid 1 hour) only when the account exists. */
export async function requestPasswordReset({ email }: { email: string }) {
  const user = await findUserByEmail(email);
  if (!user || user.disabledAt) return;
  const db = await getDb();
  const token = generateToken();
  await db.transaction(async (tx) => {
    await tx.insert(schema.authTokens).values({ id: hashToken(token), kind: 'reset', email: user.email, userId: user.id, expiresAt: new Date(Date.now() + 60 * 60 * 1000) });
    await sendMail(
      {
        to: user.email,
        subject: 'Aula – reimpostazione della password',
        text: `È stata chiesta la reimpostazione della tua password su Aula.\n\nApri questo link entro un'ora per sceglierne una nuova:\n${env.baseUrl}/reimposta-password/${token}\n\nSe non l'hai chiesto tu, ignora questo messaggio: la password resta quella di prima.`,
      },
      tx,
    );
  });
  return token;
}

export async function isResetTokenValid(token: string) {
  return Boolean(await findValidToken(token, 'reset'));
}

/** Uses a reset link: new password, every session ended, a fresh one started. */
export async function resetPassword({ token, password }: { token: string; password: string }) {
  const db = await getDb();
  const passwordHash = await hashPassword(password);
  return db.transaction(async (tx) => {
    const used = await tx
      .update(schema.authTokens)
      .set({ usedAt: new Date() })
      .where(usable(token, 'reset'))
      .returning();
    const row = used[0];
    if (!row?.userId) return null;
    await tx.update(schema.users).set({ passwordHash }).where(eq(schema.users.id, row.userId));
    await invalidateUserSessions({ userId: row.userId, db: tx });
    await clearLoginFailures(row.email, tx);
    return createSession({ userId: row.userId, db: tx });
  });
}

export async function listOrganisations() {
  const db = await getDb();
  return db.select({ id: schema.organisations.id, name: schema.organisations.name, kind: schema.organisations.kind }).from(schema.organisations).orderBy(schema.organisations.name);
}
