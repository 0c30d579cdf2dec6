import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { login } from '~/auth/accounts.server';
import { getUser } from '~/auth/guards.server';
import { completeChallenge, endSessions, listSessions } from '~/auth/signin.server';
import { hashToken, validateSessionToken } from '~/auth/session.server';
import { confirmTotpEnrolment, startTotpEnrolment, totpAt, totpKeyOf, verifyTwoFactor } from '~/auth/totp.server';
import { deactivateUser, grantRole, listUsers, reactivateUser, revokeRole } from '~/admin/users.server';
import { createOrganisation, retireOrganisation, updateOrganisation } from '~/admin/organisations.server';
import { getSettings, saveSettings } from '~/admin/settings.server';
import { listAudit } from '~/admin/audit.server';
import { getDb, schema } from '~/utils/db.server';
import { guardArgs, seedUser } from './helpers';

async function enrol(userId: string, email: string) {
  const started = await startTotpEnrolment({ userId, accountName: email });
  if (!started.ok) throw new Error('enrolment');
  const key = (await totpKeyOf(userId))!;
  const confirmed = await confirmTotpEnrolment({ userId, code: totpAt(key) });
  if (!confirmed.ok) throw new Error(`confirm: ${confirmed.reason}`);
  return { key, recoveryCodes: confirmed.recoveryCodes, manualKey: started.enrolment.manualKey, uri: started.enrolment.uri };
}

describe('two-step verification (TOTP)', () => {
  it('enrols with a QR URI and a manual key, gives ten recovery codes, and a code is never accepted twice', async () => {
    const user = await seedUser({ role: 'coordinator' });
    const { key, recoveryCodes, uri, manualKey } = await enrol(user.id, user.email);
    expect(uri).toMatch(/^otpauth:\/\/totp\/Aula:.+secret=[A-Z2-7]+.*period=30/);
    expect(manualKey.replace(/ /g, '')).toMatch(/^[A-Z2-7]{32}$/);
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    // the code used to confirm cannot be used again in the same step
    expect(await verifyTwoFactor({ userId: user.id, code: totpAt(key) })).toMatchObject({ ok: false, reason: 'invalid' });
    // the next step's code works once
    const next = Date.now() + 30_000;
    expect(await verifyTwoFactor({ userId: user.id, code: totpAt(key, next), now: next })).toMatchObject({ ok: true, via: 'totp' });
    expect(await verifyTwoFactor({ userId: user.id, code: totpAt(key, next), now: next })).toMatchObject({ ok: false });
  });

  it('a recovery code works once', async () => {
    const user = await seedUser();
    const { recoveryCodes } = await enrol(user.id, user.email);
    expect(await verifyTwoFactor({ userId: user.id, code: recoveryCodes[0]! })).toMatchObject({ ok: true, via: 'recovery' });
    expect(await verifyTwoFactor({ userId: user.id, code: recoveryCodes[0]! })).toMatchObject({ ok: false, reason: 'invalid' });
  });

  it('counts each attempt before checking it: 20 concurrent wrong codes get at most 5 checks, then even the right code waits', async () => {
    const user = await seedUser();
    const { key } = await enrol(user.id, user.email);
    const results = await Promise.all(Array.from({ length: 20 }, () => verifyTwoFactor({ userId: user.id, code: '000000' })));
    expect(results.filter((r) => !r.ok && r.reason === 'invalid').length).toBeLessThanOrEqual(5);
    expect(results.filter((r) => !r.ok && r.reason === 'throttled').length).toBeGreaterThanOrEqual(15);
    const later = Date.now() + 60_000;
    expect(await verifyTwoFactor({ userId: user.id, code: totpAt(key, later), now: later })).toMatchObject({ ok: false, reason: 'throttled' });
    const db = await getDb();
    const refused = await db
      .select()
      .from(schema.auditLog)
      .where(and(eq(schema.auditLog.actorId, user.id), eq(schema.auditLog.action, 'totp.refused')));
    expect(refused.length).toBeGreaterThan(0);
  });

  it('a password sign-in of an enrolled account gives a challenge, not a session; the code completes it', async () => {
    const user = await seedUser({ role: 'admin' });
    const { key } = await enrol(user.id, user.email);
    const first = await login({ email: user.email, password: user.password });
    if (!first.ok) throw new Error('login');
    expect(first.token).toBe('');
    expect(first.challenge).toBeTruthy();
    const db = await getDb();
    expect(await db.select().from(schema.sessions).where(eq(schema.sessions.userId, user.id))).toEqual([]);
    const wrong = await completeChallenge({ challenge: first.challenge!, code: '123456', userAgent: null, clientIp: '203.0.113.9' });
    expect(wrong.ok).toBe(false);
    const later = Date.now() + 30_000;
    const done = await completeChallenge({ challenge: first.challenge!, code: totpAt(key, later), userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0', clientIp: '203.0.113.9' });
    // a code of the next step is within the accepted drift
    expect(done.ok).toBe(true);
    if (!done.ok) return;
    expect((await getUser(guardArgs(done.token)))?.twoFactor).toBe(true);
    const again = await completeChallenge({ challenge: first.challenge!, code: totpAt(key, later + 30_000), userAgent: null, clientIp: '203.0.113.9' });
    expect(again).toMatchObject({ ok: false, reason: 'expired' });
    const audit = await db
      .select()
      .from(schema.auditLog)
      .where(and(eq(schema.auditLog.actorId, user.id), eq(schema.auditLog.action, 'auth.signin.refused')));
    expect(audit.length).toBe(1);
  });
});

describe('sessions', () => {
  it('lists a person’s sessions with device and ends one or all the others', async () => {
    const user = await seedUser();
    const a = await login({ email: user.email, password: user.password, userAgent: 'Mozilla/5.0 (Windows NT 10.0) Firefox/120.0' });
    const b = await login({ email: user.email, password: user.password, userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17) Safari/604.1' });
    const c = await login({ email: user.email, password: user.password });
    if (!a.ok || !b.ok || !c.ok) throw new Error('login');
    const list = await listSessions({ userId: user.id, currentSessionId: hashToken(a.token) });
    expect(list.map((s) => s.device).sort()).toEqual([null, 'Firefox · Windows', 'Safari · iOS'].sort());
    const other = list.find((s) => s.device === 'Safari · iOS')!;
    expect(await endSessions({ userId: user.id, currentSessionId: hashToken(a.token), ref: other.ref })).toEqual({ ended: 1 });
    expect(await validateSessionToken(b.token)).toBeNull();
    expect(await endSessions({ userId: user.id, currentSessionId: hashToken(a.token), ref: 'others' })).toEqual({ ended: 1 });
    expect(await validateSessionToken(c.token)).toBeNull();
    expect(await validateSessionToken(a.token)).not.toBeNull();
  });
});

describe('users, roles and the last admin', () => {
  it('deactivating ends every session at once; reactivating lets the person back in', async () => {
    const admin = await seedUser({ role: 'admin' });
    const user = await seedUser();
    const s = await login({ email: user.email, password: user.password });
    if (!s.ok) throw new Error('login');
    expect(await deactivateUser({ actorId: admin.id, userId: user.id })).toMatchObject({ ok: true, sessionsEnded: 1 });
    expect(await validateSessionToken(s.token)).toBeNull();
    expect((await login({ email: user.email, password: user.password })).ok).toBe(false);
    expect((await reactivateUser({ actorId: admin.id, userId: user.id })).ok).toBe(true);
    expect((await login({ email: user.email, password: user.password })).ok).toBe(true);
    const { entries } = await listAudit({ target: user.id });
    expect(entries.map((e) => e.action)).toEqual(expect.arrayContaining(['user.deactivate', 'user.reactivate']));
  });

  it('refuses to demote or deactivate the last active admin, and records the refusal', async () => {
    const db = await getDb();
    // Make this admin the only active one for the test: every other admin is disabled for a moment.
    const admin = await seedUser({ role: 'admin' });
    const others = await db.select({ userId: schema.userRoles.userId }).from(schema.userRoles).where(eq(schema.userRoles.role, 'admin'));
    const otherIds = others.map((o) => o.userId).filter((id) => id !== admin.id);
    const disabledBefore = await db.select({ id: schema.users.id, disabledAt: schema.users.disabledAt }).from(schema.users);
    for (const id of otherIds) await db.update(schema.users).set({ disabledAt: new Date() }).where(eq(schema.users.id, id));
    try {
      const [role] = await db
        .select()
        .from(schema.userRoles)
        .where(and(eq(schema.userRoles.userId, admin.id), eq(schema.userRoles.role, 'admin')));
      expect(await revokeRole({ actorId: admin.id, userId: admin.id, roleId: role!.id })).toEqual({ ok: false, reason: 'lastAdmin' });
      const still = await db.select().from(schema.userRoles).where(eq(schema.userRoles.id, role!.id));
      expect(still).toHaveLength(1);
      const { entries } = await listAudit({ action: 'user.role.revoke.refused', target: admin.id });
      expect(entries).toHaveLength(1);
      // With a second admin, the first may step down.
      const second = await seedUser({ role: 'admin' });
      expect(await revokeRole({ actorId: second.id, userId: admin.id, roleId: role!.id })).toEqual({ ok: true });
    } finally {
      for (const u of disabledBefore.filter((u) => otherIds.includes(u.id))) await db.update(schema.users).set({ disabledAt: u.disabledAt }).where(eq(schema.users.id, u.id));
    }
  });

  it('grants a coordinator role scoped to an organisation, and the list filters by role, organisation and status', async () => {
    const admin = await seedUser({ role: 'admin' });
    const user = await seedUser();
    const org = await createOrganisation({ actorId: admin.id, fields: { name: `Comune di Prova ${user.id.slice(0, 6)}`, kind: 'comune', parentId: null, ipaCode: null, yearlyHoursTarget: null } });
    if (!org.ok) throw new Error('org');
    expect(await grantRole({ actorId: admin.id, userId: user.id, role: 'coordinator', organisationId: org.id })).toEqual({ ok: true });
    expect(await grantRole({ actorId: admin.id, userId: user.id, role: 'coordinator', organisationId: org.id })).toEqual({ ok: false, reason: 'duplicate' });
    const byOrg = await listUsers({ organisationId: org.id, role: 'coordinator', status: 'active' });
    expect(byOrg.users.map((u) => u.id)).toEqual([user.id]);
    expect(byOrg.users[0]!.roles).toEqual(expect.arrayContaining([{ role: 'coordinator', organisation: expect.stringContaining('Comune di Prova') }]));
    expect((await listUsers({ organisationId: org.id, status: 'disabled' })).users).toEqual([]);
    // A part of the address (its unique local part, without the domain): on PostgreSQL the suites
    // share one database holding thousands of people, so a common prefix would not find one person.
    expect((await listUsers({ q: user.email.split('@')[0]!, lastSignIn: 'never' })).users.map((u) => u.id)).toContain(user.id);
  });
});

describe('organisations', () => {
  it('moves without cycles, refuses retiring a unit with active children, and audits every change', async () => {
    const admin = await seedUser({ role: 'admin' });
    const tag = admin.id.slice(0, 6);
    const fields = (name: string, parentId: string | null) => ({ name: `${name} ${tag}`, kind: 'rete' as const, parentId, ipaCode: null, yearlyHoursTarget: null });
    const a = await createOrganisation({ actorId: admin.id, fields: fields('Rete A', null) });
    if (!a.ok) throw new Error('a');
    const b = await createOrganisation({ actorId: admin.id, fields: fields('Ente B', a.id) });
    if (!b.ok) throw new Error('b');
    const c = await createOrganisation({ actorId: admin.id, fields: fields('Ufficio C', b.id) });
    if (!c.ok) throw new Error('c');
    expect(await updateOrganisation({ actorId: admin.id, id: a.id, fields: fields('Rete A', c.id) })).toEqual({ ok: false, reason: 'cycle' });
    expect(await updateOrganisation({ actorId: admin.id, id: a.id, fields: fields('Rete A', a.id) })).toEqual({ ok: false, reason: 'cycle' });
    expect(await createOrganisation({ actorId: admin.id, fields: fields('Rete A', null) })).toEqual({ ok: false, reason: 'duplicateName' });
    expect(await retireOrganisation({ actorId: admin.id, id: b.id, retire: true })).toEqual({ ok: false, reason: 'hasActiveChildren' });
    expect(await updateOrganisation({ actorId: admin.id, id: c.id, fields: fields('Ufficio C rinominato', a.id) })).toMatchObject({ ok: true });
    expect(await retireOrganisation({ actorId: admin.id, id: b.id, retire: true })).toMatchObject({ ok: true });
    expect(await createOrganisation({ actorId: admin.id, fields: fields('Sotto B', b.id) })).toEqual({ ok: false, reason: 'parentRetired' });
    const { entries } = await listAudit({ target: c.id });
    expect(entries.map((e) => e.action)).toEqual(['organisation.move', 'organisation.create']);
  });
});

describe('settings', () => {
  it('are stored in the database with an audit entry per change, and secrets stay out of the log', async () => {
    const admin = await seedUser({ role: 'admin' });
    const before = await getSettings();
    const result = await saveSettings({
      actorId: admin.id,
      values: {
        supportContact: 'formazione@ente.example',
        oidcIssuers: [{ id: 'prova', label: 'Prova', issuer: 'https://idp.example', clientId: 'aula', clientSecret: 'segretissimo', kind: 'generic' }],
      },
    });
    expect(result).toEqual({ ok: true, changed: ['supportContact', 'oidcIssuers'] });
    expect((await getSettings()).supportContact).toBe('formazione@ente.example');
    const { entries } = await listAudit({ action: 'settings.change' });
    const mine = entries.filter((e) => e.actorEmail === admin.email);
    expect(mine.map((e) => e.target).sort()).toEqual(['oidcIssuers', 'supportContact']);
    expect(JSON.stringify(mine)).not.toContain('segretissimo');
    await saveSettings({ actorId: admin.id, values: { supportContact: before.supportContact, oidcIssuers: before.oidcIssuers } });
  });
});
