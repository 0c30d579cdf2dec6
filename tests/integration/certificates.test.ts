import { createPublicKey, verify as verifySignature } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getOwnedBadge, getOwnedCertificate, listCertificates, renderOwnedCertificatePdf } from '~/certificates/read.server';
import { getSigningKey, resetSigningKeyCache } from '~/certificates/keys.server';
import { issueCertificateIfComplete } from '~/certificates/issue.server';
import { listRevocableCertificates, revokeCertificate } from '~/certificates/revoke.server';
import { verifyCertificate } from '~/certificates/verify.server';
import { generateSigningKeyPem, parseSigningKey, publicJwk, verifyPayload } from '~/certificates/signing.server';
import { importContent } from '~/startup/import-content.server';
import { getDb, schema, type Tx } from '~/utils/db.server';
import { loader as jwksLoader } from '~/routes/certificati.chiavi[.json]';
import { loader as verifyJsonLoader } from '~/routes/certificati.verifica.$code[.json]';
import { makeContent, uniqueSlug } from '../fixtures/content';
import { routeArgs, seedUser } from './helpers';

const slug = uniqueSlug('attestati');
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
    .where(and(eq(schema.contentDocuments.kind, 'module'), eq(schema.contentDocuments.courseId, courseId)))
    .orderBy(schema.contentDocuments.position);
  moduleIds = docs.map((d) => d.id);
  expect(moduleIds).toHaveLength(2);
});

/** Sets module_status directly: the listed modules (default: all) completed now. */
async function complete(userId: string, ids = moduleIds) {
  const db = await getDb();
  const now = new Date();
  for (const documentId of ids) {
    await db
      .insert(schema.moduleStatus)
      .values({ userId, documentId, courseId, readAt: now, quizPassedAt: now, completedAt: now })
      .onConflictDoUpdate({ target: [schema.moduleStatus.userId, schema.moduleStatus.documentId], set: { completedAt: now } });
  }
}

/** What the progress code does: one transaction, the per-(learner, course) lock, then the issue. */
async function issueUnderLock(userId: string) {
  const db = await getDb();
  return db.transaction(async (tx: Tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${userId} || ${courseId}, 0))`);
    return issueCertificateIfComplete({ tx, userId, courseId });
  });
}

async function certificateRows(userId: string) {
  const db = await getDb();
  return db.select().from(schema.certificates).where(eq(schema.certificates.userId, userId));
}

async function organisation(name: string) {
  const db = await getDb();
  const [org] = await db
    .insert(schema.organisations)
    .values({ name: `${name} ${uniqueSlug('org')}`, kind: 'comune' })
    .returning();
  return org!;
}

async function coordinatorOf(organisationId: string | null) {
  const user = await seedUser({ role: 'coordinator' });
  const db = await getDb();
  await db.update(schema.userRoles).set({ organisationId }).where(eq(schema.userRoles.userId, user.id));
  return user;
}

async function learnerWithCertificate() {
  const user = await seedUser();
  await complete(user.id);
  const issued = await issueUnderLock(user.id);
  expect(issued?.created).toBe(true);
  return { user, code: issued!.code };
}

describe('issuing a certificate', () => {
  it('issues nothing while a module of the course is not complete', async () => {
    const user = await seedUser();
    await complete(user.id, moduleIds.slice(0, 1));
    expect(await issueUnderLock(user.id)).toBeNull();
    expect(await certificateRows(user.id)).toEqual([]);
  });

  it('issues exactly one certificate when the course completes, even with two concurrent calls', async () => {
    const user = await seedUser();
    await complete(user.id);
    const results = await Promise.all([issueUnderLock(user.id), issueUnderLock(user.id)]);
    expect(results.map((r) => r?.created).sort()).toEqual([false, true]);
    expect(results[0]!.code).toBe(results[1]!.code);
    const rows = await certificateRows(user.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.code).toBe(results[0]!.code);
    // Calling again later returns the same certificate.
    expect(await issueUnderLock(user.id)).toEqual({ code: rows[0]!.code, created: false });
  });

  it('the unique index alone keeps it to one certificate when callers skip the lock', async () => {
    const user = await seedUser();
    await complete(user.id);
    const db = await getDb();
    const results = await Promise.all([1, 2, 3].map(() => db.transaction((tx: Tx) => issueCertificateIfComplete({ tx, userId: user.id, courseId }))));
    expect(results.filter((r) => r?.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r?.code)).size).toBe(1);
    expect(await certificateRows(user.id)).toHaveLength(1);
  });

  it('snapshots the holder name, course title, version, hours, issuers and date, signed with the Ed25519 key', async () => {
    const before = Date.now();
    const { user, code } = await learnerWithCertificate();
    const [row] = await certificateRows(user.id);
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(row).toMatchObject({
      code,
      holderName: 'Persona di Prova',
      courseSlug: slug,
      courseTitle: `Corso ${slug}`,
      courseVersion: '1',
      hours: 1,
      issuers: ["DREAM – Scuola Superiore Sant'Anna"],
      revokedAt: null,
    });
    expect(row!.issuedAt.getTime()).toBeGreaterThanOrEqual(before - 1000);
    const key = await getSigningKey();
    expect(row!.keyId).toBe(publicJwk(key).kid);
    const payload = { code, holderName: row!.holderName, courseSlug: slug, courseTitle: row!.courseTitle, courseVersion: '1', hours: 1, issuers: row!.issuers, issuedAt: row!.issuedAt.toISOString() };
    expect(verifyPayload(payload, row!.signature, publicJwk(key))).toBe(true);
    // Renaming the person later does not change the certificate.
    const db = await getDb();
    await db.update(schema.users).set({ name: 'Nome Cambiato' }).where(eq(schema.users.id, user.id));
    expect((await verifyCertificate(code)).status).toBe('valid');
    const audit = await db
      .select()
      .from(schema.auditLog)
      .where(and(eq(schema.auditLog.action, 'certificate.issue'), eq(schema.auditLog.target, code)));
    expect(audit).toHaveLength(1);
  });

  it('keeps the signing key in app_settings, generated once: a fresh load finds the same key', async () => {
    const key = await getSigningKey();
    resetSigningKeyCache();
    const again = await getSigningKey();
    expect(publicJwk(again).kid).toBe(publicJwk(key).kid);
    const db = await getDb();
    const rows = await db.select().from(schema.appSettings).where(eq(schema.appSettings.key, 'cert_signing_key'));
    expect(rows).toHaveLength(1);
    expect(publicJwk(parseSigningKey(rows[0]!.value)).kid).toBe(publicJwk(key).kid);
  });
});

describe('public verification', () => {
  it('a valid certificate verifies, with only the public fields', async () => {
    const { code } = await learnerWithCertificate();
    const result = await verifyCertificate(code);
    expect(result.status).toBe('valid');
    if (result.status === 'not-found') return;
    expect(Object.keys(result.certificate).sort()).toEqual(['code', 'courseSlug', 'courseTitle', 'courseVersion', 'holderName', 'hours', 'issuedAt', 'issuers']);
    expect(JSON.stringify(result)).not.toContain('@aula.test');
    expect(result.signature).toMatchObject({ algorithm: 'EdDSA', curve: 'Ed25519' });
    expect(JSON.parse(result.signature.payload)).toMatchObject({ v: 1, code });
  });

  it('codes typed in lower case, without dashes or with spaces resolve to the certificate', async () => {
    const { code } = await learnerWithCertificate();
    for (const typed of [code.toLowerCase(), code.replace(/-/g, ''), ` ${code.toLowerCase().replace(/-/g, ' ')} `]) {
      const result = await verifyCertificate(typed);
      expect(result.status).toBe('valid');
      expect(result.code).toBe(code);
    }
  });

  it('an unknown or malformed code is not found', async () => {
    expect(await verifyCertificate('ZZZZ-ZZZZ-ZZZZ')).toEqual({ status: 'not-found', code: 'ZZZZ-ZZZZ-ZZZZ' });
    expect((await verifyCertificate('non-un-codice')).status).toBe('not-found');
    expect((await verifyCertificate('')).status).toBe('not-found');
    expect((await verifyCertificate('UUUU-UUUU-UUUU')).status).toBe('not-found');
  });

  it('changing the holder name directly in the database makes the certificate "invalid"', async () => {
    const { code } = await learnerWithCertificate();
    const db = await getDb();
    await db.update(schema.certificates).set({ holderName: 'Persona Falsa' }).where(eq(schema.certificates.code, code));
    const result = await verifyCertificate(code);
    expect(result.status).toBe('invalid');
  });

  it('changing any other signed field (hours, date, issuers, signature) also makes it "invalid"', async () => {
    const db = await getDb();
    const changes: Array<Partial<typeof schema.certificates.$inferInsert>> = [
      { hours: 99 },
      { issuedAt: new Date('2020-01-01T00:00:00Z') },
      { issuers: ['Ente inventato'] },
      { courseVersion: '2' },
      { signature: 'A'.repeat(86) },
      { keyId: 'chiave-sconosciuta' },
    ];
    for (const change of changes) {
      const { code } = await learnerWithCertificate();
      await db.update(schema.certificates).set(change).where(eq(schema.certificates.code, code));
      expect((await verifyCertificate(code)).status, JSON.stringify(change)).toBe('invalid');
    }
  });
});

describe('the JSON answer for HR systems', () => {
  const json = async (code: string, ip = uniqueSlug('ip')) => {
    const res = await verifyJsonLoader(routeArgs(new Request(`http://localhost/certificati/verifica/${code}.json`), { params: { code }, ip }));
    return { status: res.status, body: await res.json() };
  };

  it('carries the signed payload, the signature and the key id, so anyone can check it offline with the JWKS', async () => {
    const { code } = await learnerWithCertificate();
    const { status, body } = await json(code.toLowerCase());
    expect(status).toBe(200);
    expect(body).toMatchObject({ status: 'valid', code, revocation: null, signature: { algorithm: 'EdDSA', curve: 'Ed25519', encoding: 'base64url' } });
    expect(JSON.parse(body.signature.payload)).toEqual({ ...body.certificate, v: 1 });
    const jwks = await (await jwksLoader()).json();
    const jwk = jwks.keys.find((k: { kid: string }) => k.kid === body.signature.keyId);
    const publicKey = createPublicKey({ key: jwk, format: 'jwk' });
    expect(verifySignature(null, Buffer.from(body.signature.payload, 'utf8'), publicKey, Buffer.from(body.signature.value, 'base64url'))).toBe(true);
    expect(JSON.stringify(body)).not.toContain('@aula.test');
  });

  it('says "invalid" after a database edit, and the edited payload fails the offline check too', async () => {
    const { code } = await learnerWithCertificate();
    const db = await getDb();
    await db.update(schema.certificates).set({ holderName: 'Persona Falsa' }).where(eq(schema.certificates.code, code));
    const { body } = await json(code);
    expect(body.status).toBe('invalid');
    const jwks = await (await jwksLoader()).json();
    const publicKey = createPublicKey({ key: jwks.keys[0], format: 'jwk' });
    expect(verifySignature(null, Buffer.from(body.signature.payload, 'utf8'), publicKey, Buffer.from(body.signature.value, 'base64url'))).toBe(false);
  });

  it('answers 404 in JSON for an unknown code', async () => {
    expect(await json('ZZZZ-ZZZZ-ZZZZ')).toEqual({
      status: 404,
      body: { status: 'not-found', code: 'ZZZZ-ZZZZ-ZZZZ', message: 'Nessun attestato corrisponde a questo codice. Controlla di averlo scritto come è stampato sull’attestato.' },
    });
  });
});

describe('revocation', () => {
  it('an admin revokes with a reason: verification shows it at once, and the audit log records it', async () => {
    const { code } = await learnerWithCertificate();
    const admin = await seedUser({ role: 'admin' });
    const result = await revokeCertificate({ actor: admin, code: code.toLowerCase(), reason: '  Esame svolto da altra persona.  ' });
    expect(result.ok).toBe(true);
    const verified = await verifyCertificate(code);
    expect(verified.status).toBe('revoked');
    if (verified.status === 'not-found') return;
    expect(verified.reason).toBe('Esame svolto da altra persona.');
    expect(new Date(verified.revokedAt!).getTime()).toBeGreaterThan(Date.now() - 60_000);
    const db = await getDb();
    const audit = await db
      .select()
      .from(schema.auditLog)
      .where(and(eq(schema.auditLog.action, 'certificate.revoke'), eq(schema.auditLog.target, code)));
    expect(audit).toHaveLength(1);
    expect(audit[0]!.actorId).toBe(admin.id);
    expect(JSON.parse(audit[0]!.data!)).toEqual({ reason: 'Esame svolto da altra persona.' });
    // Twice: refused, nothing changes.
    const again = await revokeCertificate({ actor: admin, code, reason: 'Un altro motivo.' });
    expect(again).toMatchObject({ ok: false, reason: 'alreadyRevoked' });
    expect(((await verifyCertificate(code)) as { reason: string }).reason).toBe('Esame svolto da altra persona.');
  });

  it('a coordinator of the holder’s organisation may revoke; one of another organisation may not', async () => {
    const mine = await organisation('Comune di Lucca');
    const other = await organisation('Comune di Viareggio');
    const { user, code } = await learnerWithCertificate();
    const db = await getDb();
    await db.insert(schema.memberships).values({ userId: user.id, organisationId: mine.id });
    const outsider = await coordinatorOf(other.id);
    const unscoped = await coordinatorOf(null);
    for (const actor of [outsider, unscoped, user]) {
      const refused = await revokeCertificate({ actor, code, reason: 'Non dovrebbe riuscire.' });
      expect(refused).toMatchObject({ ok: false, reason: 'forbidden' });
    }
    expect((await verifyCertificate(code)).status).toBe('valid');
    expect(await listRevocableCertificates({ actorId: outsider.id })).toEqual([]);

    const coordinator = await coordinatorOf(mine.id);
    expect((await listRevocableCertificates({ actorId: coordinator.id })).map((c) => c.code)).toEqual([code]);
    const done = await revokeCertificate({ actor: coordinator, code, reason: 'Attestato rilasciato per errore.' });
    expect(done.ok).toBe(true);
    expect((await verifyCertificate(code)).status).toBe('revoked');
  });

  it('a missing or too long reason is refused in Italian and changes nothing', async () => {
    const { code } = await learnerWithCertificate();
    const admin = await seedUser({ role: 'admin' });
    expect(await revokeCertificate({ actor: admin, code, reason: ' no ' })).toMatchObject({ ok: false, reason: 'reasonTooShort' });
    expect(await revokeCertificate({ actor: admin, code, reason: 'x'.repeat(501) })).toMatchObject({ ok: false, reason: 'reasonTooLong' });
    expect(await revokeCertificate({ actor: admin, code: 'ZZZZ-ZZZZ-ZZZZ', reason: 'Motivo valido.' })).toMatchObject({ ok: false, reason: 'notFound' });
    expect((await verifyCertificate(code)).status).toBe('valid');
  });

  it('a revoked and tampered certificate is never shown as valid', async () => {
    const { code } = await learnerWithCertificate();
    const admin = await seedUser({ role: 'admin' });
    await revokeCertificate({ actor: admin, code, reason: 'Revoca di prova.' });
    const db = await getDb();
    await db.update(schema.certificates).set({ holderName: 'Altro Nome' }).where(eq(schema.certificates.code, code));
    expect((await verifyCertificate(code)).status).toBe('invalid');
  });
});

describe('the learner’s certificates, PDF and badge', () => {
  it('lists the learner’s certificates with a LinkedIn share link and the verification URL', async () => {
    const { user, code } = await learnerWithCertificate();
    const list = await listCertificates({ userId: user.id });
    expect(list.map((c) => c.code)).toEqual([code]);
    const share = new URL(list[0]!.linkedInUrl);
    expect(share.origin + share.pathname).toBe('https://www.linkedin.com/profile/add');
    const now = new Date();
    expect(Object.fromEntries(share.searchParams)).toEqual({
      startTask: 'CERTIFICATION_NAME',
      name: `Corso ${slug}`,
      organizationName: "DREAM – Scuola Superiore Sant'Anna",
      issueYear: String(now.getUTCFullYear()),
      issueMonth: String(now.getUTCMonth() + 1),
      certUrl: list[0]!.urls.verifyAbsolute,
      certId: code,
    });
    expect(list[0]!.urls.verifyAbsolute).toMatch(new RegExp(`/certificati/verifica/${code}$`));
  });

  it('only the owner gets the certificate and its PDF; anyone else gets nothing', async () => {
    const { user, code } = await learnerWithCertificate();
    const stranger = await seedUser();
    expect(await getOwnedCertificate({ userId: stranger.id, code })).toBeNull();
    expect(await renderOwnedCertificatePdf({ userId: stranger.id, code })).toBeNull();
    expect(await getOwnedBadge({ userId: stranger.id, code })).toEqual({ status: 'not-found' });
    const pdf = await renderOwnedCertificatePdf({ userId: user.id, code: code.toLowerCase() });
    expect(Buffer.from(pdf!.bytes.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
    const doc = await PDFDocument.load(pdf!.bytes, { updateMetadata: false });
    expect(doc.getTitle()).toBe('Attestato – Persona di Prova');
    expect(doc.getSubject()).toContain(code);
  });

  it('the Open Badges 3.0 JWT verifies with jose against the published JWKS', async () => {
    const { user, code } = await learnerWithCertificate();
    const badge = await getOwnedBadge({ userId: user.id, code });
    expect(badge.status).toBe('ok');
    if (badge.status !== 'ok') return;
    const response = await jwksLoader();
    expect(response.headers.get('Content-Type')).toContain('json');
    const jwks = await response.json();
    const { payload, protectedHeader } = await jwtVerify(badge.jwt, createLocalJWKSet(jwks), { algorithms: ['EdDSA'], typ: 'vc+jwt' });
    expect(protectedHeader.kid).toBe(jwks.keys[0].kid);
    expect(payload.type).toEqual(['VerifiableCredential', 'OpenBadgeCredential']);
    expect((payload.credentialSubject as { name: string }).name).toBe('Persona di Prova');
    expect(payload.jti).toMatch(new RegExp(`/certificati/verifica/${code}$`));
    expect(JSON.stringify(payload)).not.toContain(user.email);
    // A badge signed with another key does not verify against the JWKS.
    const forged = await getOwnedBadge({ userId: user.id, code });
    const parts = (forged as { jwt: string }).jwt.split('.');
    const tampered = `${parts[0]}.${Buffer.from(JSON.stringify({ ...payload, name: 'Altro corso' })).toString('base64url')}.${parts[2]}`;
    await expect(jwtVerify(tampered, createLocalJWKSet(jwks))).rejects.toThrow();
    expect(decodeProtectedHeader(badge.jwt).alg).toBe('EdDSA');
  });

  it('a revoked certificate has no badge, and its PDF says REVOCATO', async () => {
    const { user, code } = await learnerWithCertificate();
    const admin = await seedUser({ role: 'admin' });
    await revokeCertificate({ actor: admin, code, reason: 'Revoca di prova.' });
    expect(await getOwnedBadge({ userId: user.id, code })).toEqual({ status: 'revoked' });
    const pdf = await renderOwnedCertificatePdf({ userId: user.id, code });
    const doc = await PDFDocument.load(pdf!.bytes, { updateMetadata: false });
    expect(doc.getSubject()).toContain('REVOCATO');
  });
});

describe('configured signing key', () => {
  const saved = process.env.CERT_SIGNING_KEY;
  afterAll(() => {
    if (saved === undefined) delete process.env.CERT_SIGNING_KEY;
    else process.env.CERT_SIGNING_KEY = saved;
    resetSigningKeyCache();
  });

  it('CERT_SIGNING_KEY signs new certificates; those signed by the stored key still verify', async () => {
    const { code: oldCode } = await learnerWithCertificate();
    const pem = generateSigningKeyPem();
    process.env.CERT_SIGNING_KEY = Buffer.from(parseSigningKey(pem).export({ type: 'pkcs8', format: 'der' })).toString('base64');
    resetSigningKeyCache();
    const configured = publicJwk(await getSigningKey());
    expect(configured.kid).toBe(publicJwk(parseSigningKey(pem)).kid);
    const { user, code } = await learnerWithCertificate();
    expect((await certificateRows(user.id))[0]!.keyId).toBe(configured.kid);
    expect((await verifyCertificate(code)).status).toBe('valid');
    expect((await verifyCertificate(oldCode)).status).toBe('valid');
    const jwks = await (await jwksLoader()).json();
    expect(jwks.keys[0].kid).toBe(configured.kid);
    expect(jwks.keys).toHaveLength(2);
  });
});

describe('tamper-evident revocation and the public status list', () => {
  it('clearing revoked_at in the database does not make a revoked certificate valid again; editing its signed log entry makes it "non valido"', async () => {
    const admin = await seedUser({ role: 'admin' });
    const { code } = await learnerWithCertificate();
    expect((await revokeCertificate({ actor: admin, code, reason: 'Rilasciato per errore.' })).ok).toBe(true);
    const db = await getDb();
    await db.update(schema.certificates).set({ revokedAt: null, revocationReason: null }).where(eq(schema.certificates.code, code));
    expect((await verifyCertificate(code)).status).toBe('revoked');
    const [entry] = await db.select().from(schema.certificateRevocations).where(eq(schema.certificateRevocations.code, code));
    try {
      await db.update(schema.certificateRevocations).set({ reason: 'Motivo cambiato nel database.' }).where(eq(schema.certificateRevocations.id, entry!.id));
      expect((await verifyCertificate(code)).status).toBe('invalid');
    } finally {
      await db.update(schema.certificateRevocations).set({ reason: entry!.reason }).where(eq(schema.certificateRevocations.id, entry!.id));
    }
    expect((await verifyCertificate(code)).status).toBe('revoked');
  });

  it('setting revoked_at by hand, without a signed entry, shows as "non valido"', async () => {
    const { code } = await learnerWithCertificate();
    const db = await getDb();
    await db.update(schema.certificates).set({ revokedAt: new Date() }).where(eq(schema.certificates.code, code));
    expect((await verifyCertificate(code)).status).toBe('invalid');
  });

  it('the badge carries a credentialStatus; the signed Bitstring Status List says revoked only after revocation', async () => {
    const admin = await seedUser({ role: 'admin' });
    const { user, code } = await learnerWithCertificate();
    const badge = await getOwnedBadge({ userId: user.id, code });
    if (badge.status !== 'ok') throw new Error(badge.status);
    const jwks = createLocalJWKSet(await (await jwksLoader()).json());
    const { payload } = await jwtVerify(badge.jwt, jwks);
    const status = payload.credentialStatus as { type: string; statusPurpose: string; statusListIndex: string; statusListCredential: string };
    expect(status).toMatchObject({ type: 'BitstringStatusListEntry', statusPurpose: 'revocation' });
    const bit = async () => {
      const { loader } = await import('~/routes/certificati.stato.$list');
      const res = await loader(routeArgs(new Request(status.statusListCredential), { params: { list: '1' } }));
      const { payload: list } = await jwtVerify(await res.text(), jwks);
      const subject = list.credentialSubject as { type: string; encodedList: string };
      expect(subject.type).toBe('BitstringStatusList');
      const { gunzipSync } = await import('node:zlib');
      const bits = gunzipSync(Buffer.from(subject.encodedList.slice(1), 'base64url'));
      expect(bits.length * 8).toBeGreaterThanOrEqual(131_072);
      const i = Number(status.statusListIndex);
      return (bits[i >> 3]! >> (7 - (i & 7))) & 1;
    };
    expect(await bit()).toBe(0);
    expect((await revokeCertificate({ actor: admin, code, reason: 'Revoca di prova.' })).ok).toBe(true);
    expect(await bit()).toBe(1);
  });
});
