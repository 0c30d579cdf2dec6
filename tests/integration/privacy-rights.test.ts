import { and, eq, sql } from 'drizzle-orm';
import { unzipSync, strFromU8 } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { login } from '~/auth/accounts.server';
import { validateSessionToken } from '~/auth/session.server';
import { issueCertificateIfComplete } from '~/certificates/issue.server';
import { listRevocableCertificates } from '~/certificates/revoke.server';
import { verifyCertificate } from '~/certificates/verify.server';
import { listUsers } from '~/admin/users.server';
import { buildDataExport } from '~/privacy/data.server';
import { decideErasure, purgeRetainedRecords, requestErasure } from '~/privacy/requests.server';
import { PRIVACY_REGISTRY } from '~/privacy/registry';
import { importContent } from '~/startup/import-content.server';
import { getDb, schema, type Tx } from '~/utils/db.server';
import { makeContent, uniqueSlug } from '../fixtures/content';
import { seedUser } from './helpers';

const slug = uniqueSlug('privacy');
let courseId = '';
let moduleIds: string[] = [];

beforeAll(async () => {
  await importContent({ root: makeContent(slug) });
  const db = await getDb();
  const [course] = await db.select({ id: schema.courses.id }).from(schema.courses).where(eq(schema.courses.slug, slug));
  courseId = course!.id;
  const docs = await db
    .select({ id: schema.contentDocuments.id })
    .from(schema.contentDocuments)
    .where(and(eq(schema.contentDocuments.kind, 'module'), eq(schema.contentDocuments.courseId, courseId)));
  moduleIds = docs.map((d) => d.id);
});

async function learnerWithCertificate() {
  const user = await seedUser();
  const db = await getDb();
  await db.insert(schema.enrolments).values({ userId: user.id, courseId });
  const now = new Date();
  for (const documentId of moduleIds) await db.insert(schema.moduleStatus).values({ userId: user.id, documentId, courseId, readAt: now, quizPassedAt: now, completedAt: now });
  const issued = await db.transaction((tx: Tx) => issueCertificateIfComplete({ tx, userId: user.id, courseId }));
  return { user, code: issued!.code };
}

describe('the data export', () => {
  it('is a ZIP with JSON and CSV of every registry table holding the person’s rows, and the certificates as PDF; no secrets', async () => {
    const { user, code } = await learnerWithCertificate();
    const s = await login({ email: user.email, password: user.password, userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0' });
    expect(s.ok).toBe(true);
    const zip = await buildDataExport({ userId: user.id });
    const files = unzipSync(zip!);
    const names = Object.keys(files);
    expect(names).toEqual(
      expect.arrayContaining(['dati.json', 'LEGGIMI.txt', 'csv/users.csv', 'csv/module_status.csv', 'csv/certificates.csv', 'csv/sessions.csv', `attestati/attestato-${code}.pdf`]),
    );
    expect(strFromU8(files[`attestati/attestato-${code}.pdf`]!.slice(0, 5))).toBe('%PDF-');
    const data = JSON.parse(strFromU8(files['dati.json']!)) as { tables: Record<string, { rows: Array<Record<string, unknown>> }> };
    expect(data.tables.users!.rows).toEqual([expect.objectContaining({ email: user.email, name: user.name })]);
    expect(data.tables.users!.rows[0]).not.toHaveProperty('password_hash');
    expect(data.tables.sessions!.rows[0]).not.toHaveProperty('id');
    expect(data.tables.sessions!.rows[0]).toMatchObject({ device: 'Chrome · Linux', method: 'password' });
    expect(data.tables.module_status!.rows).toHaveLength(moduleIds.length);
    // every table the registry exports is covered (tables without rows for this person are there, empty)
    for (const [table, d] of Object.entries(PRIVACY_REGISTRY)) if (d.export !== 'none') expect(Object.keys(data.tables), table).toContain(table);
    expect(strFromU8(files['csv/users.csv']!)).toContain(user.email);
  });
});

describe('erasure', () => {
  it('approval pseudonymises the account, ends sign-in, keeps training records and the certificate verifying; the retention job deletes the records later', async () => {
    const admin = await seedUser({ role: 'admin' });
    const { user, code } = await learnerWithCertificate();
    const session = await login({ email: user.email, password: user.password });
    if (!session.ok) throw new Error('login');
    const request = await requestErasure({ userId: user.id, note: 'Ho lasciato l’ente' });
    if (!request.ok) throw new Error('request');
    expect(await requestErasure({ userId: user.id, note: null })).toEqual({ ok: false, reason: 'pending' });
    expect(await decideErasure({ actorId: admin.id, requestId: request.id, approve: true, reason: 'Art. 17 GDPR: nessun motivo per conservare l’account' })).toEqual({ ok: true });
    expect(await decideErasure({ actorId: admin.id, requestId: request.id, approve: false, reason: 'ripensamento' })).toEqual({ ok: false, reason: 'notPending' });

    const db = await getDb();
    const [row] = await db.select().from(schema.users).where(eq(schema.users.id, user.id));
    expect(row!.name).toMatch(/^Persona cancellata [0-9A-F]{8}$/);
    expect(row!.email).toBe(`cancellato-${user.id}@aula.invalid`);
    expect(row!.passwordHash).toBeNull();
    expect(row!.erasedAt).not.toBeNull();
    expect(await validateSessionToken(session.token)).toBeNull();
    expect((await login({ email: user.email, password: user.password })).ok).toBe(false);
    // the name is gone from the lists…
    expect((await listUsers({ q: user.email })).users).toEqual([]);
    const certs = await listRevocableCertificates({ actorId: admin.id, limit: 1000 });
    expect(certs.find((c) => c.code === code)?.holderName).toBe(row!.name);
    // …while the certificate keeps verifying as a signed fact of the past
    const verification = await verifyCertificate(code);
    expect(verification.status).toBe('valid');
    expect(await db.select().from(schema.moduleStatus).where(eq(schema.moduleStatus.userId, user.id))).toHaveLength(moduleIds.length);
    const audit = await db
      .select()
      .from(schema.auditLog)
      .where(and(eq(schema.auditLog.action, 'privacy.erasure.approve'), eq(schema.auditLog.target, request.id)));
    expect(audit).toHaveLength(1);

    // Not yet: within the retention period nothing is deleted.
    await purgeRetainedRecords({ now: new Date(Date.now() + 365 * 86_400_000) });
    expect(await db.select().from(schema.moduleStatus).where(eq(schema.moduleStatus.userId, user.id))).toHaveLength(moduleIds.length);
    // After it: training records go, the certificate and the request record stay.
    await purgeRetainedRecords({ now: new Date(Date.now() + 11 * 365 * 86_400_000) });
    expect(await db.select().from(schema.moduleStatus).where(eq(schema.moduleStatus.userId, user.id))).toEqual([]);
    expect(await db.select().from(schema.enrolments).where(eq(schema.enrolments.userId, user.id))).toEqual([]);
    expect((await verifyCertificate(code)).status).toBe('valid');
    expect(await db.select().from(schema.privacyRequests).where(eq(schema.privacyRequests.userId, user.id))).toHaveLength(1);
  });

  it('a refusal keeps everything, records the reason and tells the person', async () => {
    const admin = await seedUser({ role: 'admin' });
    const user = await seedUser();
    const request = await requestErasure({ userId: user.id, note: null });
    if (!request.ok) throw new Error('request');
    expect(await decideErasure({ actorId: admin.id, requestId: request.id, approve: false, reason: 'Procedimento disciplinare in corso: art. 17, par. 3, lett. e GDPR' })).toEqual({ ok: true });
    const db = await getDb();
    const [row] = await db.select().from(schema.users).where(eq(schema.users.id, user.id));
    expect(row!.email).toBe(user.email);
    const [req] = await db.select().from(schema.privacyRequests).where(eq(schema.privacyRequests.id, request.id));
    expect(req).toMatchObject({ status: 'refused', decidedBy: admin.id, decisionReason: expect.stringContaining('art. 17') });
    const mails = await db
      .select()
      .from(schema.mailOutbox)
      .where(sql`${schema.mailOutbox.to} = ${user.email}`);
    expect(mails.map((m) => m.text).join('\n')).toContain('Procedimento disciplinare');
  });
});
