import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { acceptInvite, changePassword, describeInvite, inviteUser, login, requestPasswordReset, resetPassword } from '~/auth/accounts.server';
import { getUser, requireRole, requireUser } from '~/auth/guards.server';
import { hashToken, validateSessionToken } from '~/auth/session.server';
import { getDb, schema } from '~/utils/db.server';
import { guardArgs, seedUser, thrownError, uniqueEmail } from './helpers';

async function lastMailText(to: string): Promise<string | null> {
  const db = await getDb();
  const rows = await db.select().from(schema.mailOutbox).where(eq(schema.mailOutbox.to, to));
  return rows.at(-1)?.text ?? null;
}

function resetTokenIn(text: string | null): string {
  const m = /\/reimposta-password\/([a-z0-9]+)/.exec(text ?? '');
  if (!m) throw new Error('no reset link in the mail');
  return m[1]!;
}

describe('sessions and passwords', () => {
  it('stores only the SHA-256 of the session token, and the token signs the user in', async () => {
    const user = await seedUser();
    const result = await login({ email: user.email.toUpperCase(), password: user.password });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const db = await getDb();
    const rows = await db.select().from(schema.sessions).where(eq(schema.sessions.userId, user.id));
    expect(rows.map((r) => r.id)).toEqual([hashToken(result.token)]);
    expect(rows[0]!.id).not.toContain(result.token);
    expect((await getUser(guardArgs(result.token)))?.email).toBe(user.email);
    const days = (result.expiresAt.getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(29.9);
  });

  it('stores passwords as argon2id with 19 MiB, t=2, p=1', async () => {
    const user = await seedUser();
    expect(user.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  });

  it('an expired session is deleted and a session in its second half is extended to 30 days', async () => {
    const user = await seedUser();
    const a = await login({ email: user.email, password: user.password });
    const b = await login({ email: user.email, password: user.password });
    if (!a.ok || !b.ok) throw new Error('login failed');
    const db = await getDb();
    await db
      .update(schema.sessions)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(schema.sessions.id, hashToken(a.token)));
    expect(await validateSessionToken(a.token)).toBeNull();
    expect(
      await db
        .select()
        .from(schema.sessions)
        .where(eq(schema.sessions.id, hashToken(a.token))),
    ).toEqual([]);
    await db
      .update(schema.sessions)
      .set({ expiresAt: new Date(Date.now() + 5 * 86_400_000) })
      .where(eq(schema.sessions.id, hashToken(b.token)));
    const v = await validateSessionToken(b.token);
    expect(v?.renewed).toBe(true);
    expect((v!.expiresAt.getTime() - Date.now()) / 86_400_000).toBeGreaterThan(29.9);
  });

  it('a wrong password and an unknown address get the same answer', async () => {
    const user = await seedUser();
    expect(await login({ email: user.email, password: 'sbagliata' })).toEqual({ ok: false, reason: 'invalid' });
    expect(await login({ email: uniqueEmail('nessuno'), password: 'sbagliata' })).toEqual({ ok: false, reason: 'invalid' });
  });

  it('five failures within 15 minutes throttle the account from that client even with the right password, with counters in the database', async () => {
    const user = await seedUser();
    const clientIp = '198.51.100.20';
    for (let i = 0; i < 5; i++) expect((await login({ email: user.email, password: `x${i}`, clientIp })).ok).toBe(false);
    expect(await login({ email: user.email, password: user.password, clientIp })).toMatchObject({ ok: false, reason: 'throttled' });
    const db = await getDb();
    const key = `login:${user.email}:ip:${clientIp}`;
    const [row] = await db.select().from(schema.loginThrottle).where(eq(schema.loginThrottle.key, key));
    expect(row?.failures).toBe(6);
    // Once the window is over, the right password works again.
    await db
      .update(schema.loginThrottle)
      .set({ windowStart: sql`now() - interval '16 minutes'` })
      .where(eq(schema.loginThrottle.key, key));
    expect((await login({ email: user.email, password: user.password, clientIp })).ok).toBe(true);
  });

  it('changing the password ends every other session and keeps the current one', async () => {
    const user = await seedUser();
    const a = await login({ email: user.email, password: user.password });
    const b = await login({ email: user.email, password: user.password });
    if (!a.ok || !b.ok) throw new Error('login failed');
    expect((await changePassword({ userId: user.id, sessionId: hashToken(a.token), current: 'sbagliata', next: 'quercia antica nel bosco' })).ok).toBe(false);
    expect((await changePassword({ userId: user.id, sessionId: hashToken(a.token), current: user.password, next: 'quercia antica nel bosco' })).ok).toBe(true);
    expect(await validateSessionToken(a.token)).not.toBeNull();
    expect(await validateSessionToken(b.token)).toBeNull();
    expect((await login({ email: user.email, password: 'quercia antica nel bosco' })).ok).toBe(true);
  });

  it('an invitation is single use, grants the role and expires after 7 days', async () => {
    const admin = await seedUser({ role: 'admin' });
    const email = uniqueEmail('invitato');
    const { token } = await inviteUser({ actorId: admin.id, email, role: 'coordinator' });
    expect(await describeInvite(token)).toMatchObject({ email, role: 'coordinator' });
    const db = await getDb();
    const [stored] = await db
      .select()
      .from(schema.authTokens)
      .where(eq(schema.authTokens.id, hashToken(token)));
    const days = (stored!.expiresAt.getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.9);
    expect(days).toBeLessThan(7.1);
    const [mail] = await db.select().from(schema.mailOutbox).where(eq(schema.mailOutbox.to, email));
    expect(mail?.text).toContain(`/invito/${token}`);
    const session = await acceptInvite({ token, name: 'Nuova Persona', password: 'gelso rosso sul fiume' });
    expect(session.ok).toBe(true);
    expect((await acceptInvite({ token, name: 'Altra', password: 'gelso rosso sul fiume 2' })).ok).toBe(false);
    const user = await getUser(guardArgs(session.ok ? session.token : ''));
    expect(user?.roles.map((r) => r.role)).toEqual(['coordinator']);
    const expired = await inviteUser({ actorId: admin.id, email: uniqueEmail('scaduto'), role: 'learner' });
    await db
      .update(schema.authTokens)
      .set({ expiresAt: new Date(Date.now() - 1) })
      .where(eq(schema.authTokens.id, hashToken(expired.token)));
    expect(await acceptInvite({ token: expired.token, name: 'X', password: 'gelso rosso sul fiume 3' })).toEqual({ ok: false, reason: 'invalid' });
  });

  it('a password reset link works once and ends every session; unknown addresses send nothing', async () => {
    const user = await seedUser();
    const before = await login({ email: user.email, password: user.password });
    if (!before.ok) throw new Error('login failed');
    await requestPasswordReset({ email: user.email });
    const token = resetTokenIn(await lastMailText(user.email));
    const unknown = uniqueEmail('nessuno');
    await requestPasswordReset({ email: unknown });
    expect(await lastMailText(unknown)).toBeNull();
    const fresh = await resetPassword({ token, password: 'cipresso verde al lago' });
    expect(fresh.ok).toBe(true);
    expect(await resetPassword({ token, password: 'cipresso verde al lago 2' })).toEqual({ ok: false, reason: 'invalid' });
    expect(await validateSessionToken(before.token)).toBeNull();
    expect((await login({ email: user.email, password: 'cipresso verde al lago' })).ok).toBe(true);
  });

  it('requireUser redirects anonymous requests to the login page and requireRole answers 403', async () => {
    const anon = await requireUser(guardArgs()).catch((r: Response) => r);
    expect(anon).toBeInstanceOf(Response);
    expect((anon as Response).status).toBe(302);
    expect((anon as Response).headers.get('Location')).toBe('/login?redirectTo=%2Fcorsi');
    const user = await seedUser();
    const r = await login({ email: user.email, password: user.password });
    if (!r.ok) throw new Error('login failed');
    const denied = await thrownError(requireRole(guardArgs(r.token), 'admin'));
    expect(denied.status).toBe(403);
    expect(denied.payload).toEqual({ key: 'error.403' });
  });
});
