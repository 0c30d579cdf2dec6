/**
 * Certificates: issuing (inside the progress transaction), listing, public verification,
 * revocation, and the signed exports (PDF, Open Badges 3.0 JWT, JWKS, issuer profile).
 *
 * The pure primitives live beside this file: codes (code.ts), Ed25519 signing over a canonical
 * payload (signing.server.ts), the PDF (pdf.server.ts) and the badge (badge.server.ts). This module
 * is the only one that reads or writes the `certificates` table.
 */
import { createPublicKey, type KeyObject } from 'node:crypto';
import { and, asc, desc, eq, gte, inArray, isNotNull, or, sql } from 'drizzle-orm';
import { env } from '~/utils/env.server';
import { hitRateLimit } from '~/utils/rate-limit.server';
import { getDb, schema, type DbOrTx, type Tx } from '~/utils/db.server';
import type { CourseDefinition } from '~/content/formats';
import { generateCertificateCode, normalizeCertificateCode } from './code';
import {
  canonicalPayload,
  generateSigningKeyPem,
  parseSigningKey,
  publicJwk,
  signPayload,
  verifyPayload,
  type CertificatePayload,
  type Ed25519PublicJwk,
  type Jwks,
} from './signing.server';
import { renderCertificatePdf } from './pdf.server';
import { issueOpenBadgeJwt, openBadgeUrls } from './badge.server';

/* ------------------------------------------------------------------------------------------ */
/* Signing key                                                                                */
/* ------------------------------------------------------------------------------------------ */

export const SIGNING_KEY_SETTING = 'cert_signing_key';
export const SIGNATURE_ALGORITHM = 'EdDSA';

interface KeyRing {
  /** The key that signs new certificates. */
  current: KeyObject;
  currentJwk: Ed25519PublicJwk;
  /** Every key a stored certificate may have been signed with, by kid. */
  verification: Map<string, { key: KeyObject; jwk: Ed25519PublicJwk }>;
}

let keyRing: Promise<KeyRing> | null = null;

async function storedKeyPem(conn: DbOrTx): Promise<string | null> {
  const rows = await conn.select({ value: schema.appSettings.value }).from(schema.appSettings).where(eq(schema.appSettings.key, SIGNING_KEY_SETTING));
  return rows[0]?.value ?? null;
}

/** A verification entry: the public half only (verifying with it needs no derivation per call). */
function entry(key: KeyObject) {
  const jwk = publicJwk(key);
  return [jwk.kid, { key: key.type === 'private' ? createPublicKey(key) : key, jwk }] as const;
}

async function loadKeyRing(conn: DbOrTx): Promise<{ ring: KeyRing; cacheable: boolean }> {
  const configured = process.env.CERT_SIGNING_KEY;
  if (configured && configured.trim()) {
    const current = parseSigningKey(configured);
    const verification = new Map([entry(current)]);
    // A key generated earlier by the embedded default stays valid for what it signed.
    const stored = await storedKeyPem(conn);
    if (stored) {
      const [kid, value] = entry(parseSigningKey(stored));
      if (!verification.has(kid)) verification.set(kid, value);
    }
    return { ring: { current, currentJwk: publicJwk(current), verification }, cacheable: true };
  }
  // Embedded default: generate once; insert-if-absent then re-read, so two instances agree.
  const inserted = await conn
    .insert(schema.appSettings)
    .values({ key: SIGNING_KEY_SETTING, value: generateSigningKeyPem() })
    .onConflictDoNothing()
    .returning({ key: schema.appSettings.key });
  const pem = await storedKeyPem(conn);
  if (!pem) throw new Error('Chiave di firma degli attestati non trovata dopo la creazione');
  const current = parseSigningKey(pem);
  const inTransaction = conn !== (await getDb());
  return {
    ring: { current, currentJwk: publicJwk(current), verification: new Map([entry(current)]) },
    // A key inserted inside a transaction that may still roll back is not remembered.
    cacheable: !(inserted.length > 0 && inTransaction),
  };
}

async function getKeyRing(conn?: DbOrTx): Promise<KeyRing> {
  if (keyRing) return keyRing;
  const pending = loadKeyRing(conn ?? (await getDb()));
  const ring = pending.then((r) => r.ring);
  keyRing = ring;
  try {
    const { cacheable } = await pending;
    if (!cacheable) keyRing = null;
  } catch (error) {
    keyRing = null;
    throw error;
  }
  return ring;
}

/**
 * The Ed25519 private key that signs certificates: `CERT_SIGNING_KEY` (PKCS#8 PEM or base64 of
 * the DER) when set; otherwise a key generated once and stored in `app_settings`. Pass the
 * transaction when called inside one (PGlite has a single connection).
 */
export async function getSigningKey(conn?: DbOrTx): Promise<KeyObject> {
  return (await getKeyRing(conn)).current;
}

/** The public key set (JWKS) served at `/certificati/chiavi.json`: the current key first. */
export async function getPublicJwks(): Promise<Jwks> {
  const ring = await getKeyRing();
  const keys = [ring.currentJwk, ...[...ring.verification.values()].map((v) => v.jwk).filter((j) => j.kid !== ring.currentJwk.kid)];
  return { keys };
}

/** Forgets the cached key (tests that change CERT_SIGNING_KEY). */
export function resetSigningKeyCache() {
  keyRing = null;
}

/* ------------------------------------------------------------------------------------------ */
/* URLs                                                                                       */
/* ------------------------------------------------------------------------------------------ */

export function verificationUrl(code: string): string {
  return `${env.baseUrl}/certificati/verifica/${code}`;
}

export const certificateUrls = (code: string) => ({
  pdf: `/certificati/${code}.pdf`,
  badge: `/certificati/${code}/badge`,
  verify: `/certificati/verifica/${code}`,
  verifyJson: `/certificati/verifica/${code}.json`,
  revoke: `/certificati/${code}/revoca`,
  verifyAbsolute: verificationUrl(code),
});

/* ------------------------------------------------------------------------------------------ */
/* Issuing                                                                                    */
/* ------------------------------------------------------------------------------------------ */

type CertificateRow = typeof schema.certificates.$inferSelect;

function payloadOf(row: Pick<CertificateRow, 'code' | 'holderName' | 'courseSlug' | 'courseTitle' | 'courseVersion' | 'hours' | 'issuers' | 'issuedAt'>): CertificatePayload {
  return {
    code: row.code,
    holderName: row.holderName,
    courseSlug: row.courseSlug,
    courseTitle: row.courseTitle,
    courseVersion: row.courseVersion,
    hours: Number(row.hours),
    issuers: Array.isArray(row.issuers) ? row.issuers : [],
    issuedAt: row.issuedAt.toISOString(),
  };
}

/** Whether every module of the course (position ≥ 1, published) is complete for the user. */
async function courseComplete(conn: DbOrTx, userId: string, courseId: string): Promise<boolean> {
  const d = schema.contentDocuments;
  const s = schema.moduleStatus;
  const [row] = await conn
    .select({
      total: sql<number>`count(*)::int`,
      missing: sql<number>`(count(*) filter (where ${s.completedAt} is null))::int`,
    })
    .from(d)
    .leftJoin(s, and(eq(s.documentId, d.id), eq(s.userId, userId)))
    .where(and(eq(d.kind, 'module'), eq(d.courseId, courseId), gte(d.position, 1), isNotNull(d.currentVersionId)));
  return Number(row?.total ?? 0) > 0 && Number(row?.missing ?? 1) === 0;
}

/**
 * Issues the certificate of a course once every module of it is complete for the learner.
 *
 * Called inside the progress transaction, after a module completes; the caller holds the
 * per-(learner, course) advisory lock, so what is read here is consistent. Returns null while the
 * course is not complete; otherwise inserts at most one certificate (the unique index on
 * (user_id, course_id) makes a double issue impossible even without the lock) and returns its code,
 * with `created` false when it already existed.
 */
export async function issueCertificateIfComplete({ tx, userId, courseId }: { tx: Tx; userId: string; courseId: string }): Promise<{ code: string; created: boolean } | null> {
  if (!(await courseComplete(tx, userId, courseId))) return null;
  const c = schema.certificates;
  const existing = await tx.select({ code: c.code }).from(c).where(and(eq(c.userId, userId), eq(c.courseId, courseId)));
  if (existing[0]) return { code: existing[0].code, created: false };

  const [user] = await tx.select({ name: schema.users.name }).from(schema.users).where(eq(schema.users.id, userId));
  const [course] = await tx.select({ slug: schema.courses.slug, title: schema.courses.title, definition: schema.courses.definition }).from(schema.courses).where(eq(schema.courses.id, courseId));
  if (!user || !course) return null;
  const def = course.definition as CourseDefinition;
  const key = await getSigningKey(tx);
  const kid = publicJwk(key).kid;
  // Milliseconds only, so the stored timestamp reads back exactly as signed.
  const issuedAt = new Date();
  const base = {
    holderName: user.name.normalize('NFC'),
    courseSlug: course.slug,
    courseTitle: (def.title ?? course.title).normalize('NFC'),
    courseVersion: String(def.version ?? ''),
    // numeric(6,1): sign the value the column will hold.
    hours: Math.round(Number(def.hours ?? 0) * 10) / 10,
    issuers: (def.organisers ?? []).map((o) => o.normalize('NFC')),
    issuedAt: issuedAt.toISOString(),
  };

  for (let attempt = 0; attempt < 5; attempt++) {
    const code = generateCertificateCode();
    const payload: CertificatePayload = { code, ...base };
    const inserted = await tx
      .insert(c)
      .values({
        code,
        userId,
        courseId,
        holderName: payload.holderName,
        courseSlug: payload.courseSlug,
        courseTitle: payload.courseTitle,
        courseVersion: payload.courseVersion,
        hours: payload.hours,
        issuers: payload.issuers,
        issuedAt,
        signature: signPayload(payload, key),
        keyId: kid,
      })
      // Any unique conflict: (user, course) means it exists; the code means a (very) unlucky draw.
      .onConflictDoNothing()
      .returning({ code: c.code });
    if (inserted[0]) {
      await tx.insert(schema.auditLog).values({ actorId: userId, action: 'certificate.issue', target: code, data: JSON.stringify({ courseId }) });
      return { code: inserted[0].code, created: true };
    }
    const again = await tx.select({ code: c.code }).from(c).where(and(eq(c.userId, userId), eq(c.courseId, courseId)));
    if (again[0]) return { code: again[0].code, created: false };
  }
  throw new Error('Impossibile generare un codice di attestato univoco');
}

/* ------------------------------------------------------------------------------------------ */
/* Reading                                                                                    */
/* ------------------------------------------------------------------------------------------ */

export interface CertificateSummary {
  code: string;
  courseSlug: string;
  courseTitle: string;
  courseVersion: string;
  hours: number;
  issuers: string[];
  issuedAt: Date;
  revokedAt: Date | null;
  revocationReason: string | null;
  urls: ReturnType<typeof certificateUrls>;
  /** LinkedIn's "add to profile" link (a plain URL; no third-party script). */
  linkedInUrl: string;
}

export function linkedInShareUrl(p: { code: string; courseTitle: string; issuers: string[]; issuedAt: Date }): string {
  const params = new URLSearchParams({
    startTask: 'CERTIFICATION_NAME',
    name: p.courseTitle,
    organizationName: p.issuers.join(', '),
    issueYear: String(p.issuedAt.getUTCFullYear()),
    issueMonth: String(p.issuedAt.getUTCMonth() + 1),
    certUrl: verificationUrl(p.code),
    certId: p.code,
  });
  return `https://www.linkedin.com/profile/add?${params.toString()}`;
}

function summary(row: CertificateRow): CertificateSummary {
  const issuers = Array.isArray(row.issuers) ? row.issuers : [];
  return {
    code: row.code,
    courseSlug: row.courseSlug,
    courseTitle: row.courseTitle,
    courseVersion: row.courseVersion,
    hours: Number(row.hours),
    issuers,
    issuedAt: row.issuedAt,
    revokedAt: row.revokedAt,
    revocationReason: row.revocationReason,
    urls: certificateUrls(row.code),
    linkedInUrl: linkedInShareUrl({ code: row.code, courseTitle: row.courseTitle, issuers, issuedAt: row.issuedAt }),
  };
}

/** The learner's certificates, newest first. */
export async function listCertificates({ userId }: { userId: string }): Promise<CertificateSummary[]> {
  const db = await getDb();
  const c = schema.certificates;
  const rows = await db.select().from(c).where(eq(c.userId, userId)).orderBy(desc(c.issuedAt));
  return rows.map(summary);
}

/** A certificate of this user by (typed) code, or null: someone else's code is "not found" too. */
export async function getOwnedCertificate({ userId, code }: { userId: string; code: string }) {
  const canonical = normalizeCertificateCode(code);
  if (!canonical) return null;
  const db = await getDb();
  const c = schema.certificates;
  const [row] = await db
    .select({ certificate: c, definition: schema.courses.definition, email: schema.users.email })
    .from(c)
    .innerJoin(schema.courses, eq(schema.courses.id, c.courseId))
    .innerJoin(schema.users, eq(schema.users.id, c.userId))
    .where(and(eq(c.code, canonical), eq(c.userId, userId)));
  if (!row) return null;
  return { ...row.certificate, hours: Number(row.certificate.hours), definition: row.definition as CourseDefinition, email: row.email };
}

/** The certificate PDF, rendered from stored data on every request (nothing of it is stored). */
export async function renderOwnedCertificatePdf({ userId, code }: { userId: string; code: string }): Promise<{ code: string; bytes: Uint8Array } | null> {
  const cert = await getOwnedCertificate({ userId, code });
  if (!cert) return null;
  const bytes = await renderCertificatePdf({
    code: cert.code,
    holderName: cert.holderName,
    courseTitle: cert.courseTitle,
    courseVersion: cert.courseVersion,
    hours: cert.hours,
    issuers: cert.issuers,
    issuedAt: cert.issuedAt,
    certificateTitle: cert.definition?.certificate?.title ?? 'Attestato di frequenza',
    wording: cert.definition?.certificate?.wording ?? `Si attesta che la persona titolare del presente attestato ha completato il corso «${cert.courseTitle}».`,
    verifyUrl: verificationUrl(cert.code),
    revoked: cert.revokedAt !== null,
  });
  return { code: cert.code, bytes };
}

export type BadgeResult = { status: 'ok'; code: string; jwt: string } | { status: 'not-found' } | { status: 'revoked' };

/** The Open Badges 3.0 credential (VC-JWT, EdDSA) of one of the user's certificates. */
export async function getOwnedBadge({ userId, code }: { userId: string; code: string }): Promise<BadgeResult> {
  const cert = await getOwnedCertificate({ userId, code });
  if (!cert) return { status: 'not-found' };
  if (cert.revokedAt) return { status: 'revoked' };
  const jwt = await issueOpenBadgeJwt({ payload: payloadOf(cert), key: await getSigningKey(), baseUrl: env.baseUrl, holderEmail: cert.email });
  return { status: 'ok', code: cert.code, jwt };
}

/** The issuer profile (Open Badges 3.0 `Profile`) that badges point to. */
export async function getIssuerProfile() {
  const db = await getDb();
  const courses = await db.select({ definition: schema.courses.definition }).from(schema.courses).orderBy(asc(schema.courses.slug));
  const organisers = [...new Set(courses.flatMap((c) => (c.definition as CourseDefinition).organisers ?? []))];
  const urls = openBadgeUrls(env.baseUrl, 'X', 'x');
  return {
    '@context': ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'],
    id: urls.issuer,
    type: ['Profile'],
    name: organisers.length ? organisers.join(' · ') : 'Aula',
    url: urls.base,
    description: 'Enti che rilasciano gli attestati dei corsi di Aula. Ogni attestato è firmato con una chiave Ed25519 pubblicata come JWKS.',
    /** Where to find the public keys (the `kid` of a credential is the RFC 7638 thumbprint). */
    jwks: `${urls.base}/certificati/chiavi.json`,
    verification: `${urls.base}/certificati/verifica`,
  };
}

/* ------------------------------------------------------------------------------------------ */
/* Public verification                                                                        */
/* ------------------------------------------------------------------------------------------ */

/** The public fields of a certificate: exactly the signed payload (`signature.payload` is its canonical form). */
export type PublicCertificate = CertificatePayload;

export type Verification =
  | { status: 'not-found'; code: string | null }
  | {
      status: 'valid' | 'revoked' | 'invalid';
      code: string;
      certificate: PublicCertificate;
      revokedAt: string | null;
      reason: string | null;
      signature: { algorithm: typeof SIGNATURE_ALGORITHM; curve: 'Ed25519'; keyId: string; value: string; payload: string };
    };

/**
 * What anyone may know about a code: `not-found`, or the public fields with a status — `invalid`
 * when the stored fields do not match their signature (someone edited the database), `revoked`
 * when revoked, `valid` otherwise. Nothing else about the person is returned.
 */
export async function verifyCertificate(code: string): Promise<Verification> {
  const canonical = normalizeCertificateCode(code);
  if (!canonical) return { status: 'not-found', code: null };
  const db = await getDb();
  const c = schema.certificates;
  const [row] = await db.select().from(c).where(eq(c.code, canonical));
  if (!row) return { status: 'not-found', code: canonical };
  const payload = payloadOf(row);
  let signed = '';
  try {
    signed = canonicalPayload(payload);
  } catch {
    signed = '';
  }
  const ring = await getKeyRing();
  const key = ring.verification.get(row.keyId)?.key;
  const genuine = Boolean(signed) && key !== undefined && verifyPayload(payload, row.signature, key);
  const status = !genuine ? 'invalid' : row.revokedAt ? 'revoked' : 'valid';
  return {
    status,
    code: row.code,
    certificate: { ...payload },
    revokedAt: row.revokedAt ? row.revokedAt.toISOString() : null,
    reason: row.revokedAt ? row.revocationReason : null,
    signature: { algorithm: SIGNATURE_ALGORITHM, curve: 'Ed25519', keyId: row.keyId, value: row.signature, payload: signed },
  };
}

/* ------------------------------------------------------------------------------------------ */
/* Revocation                                                                                 */
/* ------------------------------------------------------------------------------------------ */

export const REVOCATION_REASON_MIN = 5;
export const REVOCATION_REASON_MAX = 500;

export type RevocationResult =
  | { ok: true; code: string; revokedAt: Date }
  | { ok: false; status: 400 | 403 | 404 | 409; message: string };

/** True when the actor is an admin, or a coordinator of an organisation the holder belongs to. */
export async function canRevoke(conn: DbOrTx, actorId: string, holderId: string): Promise<boolean> {
  const r = schema.userRoles;
  const m = schema.memberships;
  const rows = await conn
    .select({ id: r.id })
    .from(r)
    .where(
      and(
        eq(r.userId, actorId),
        or(eq(r.role, 'admin'), and(eq(r.role, 'coordinator'), sql`${r.organisationId} in (select ${m.organisationId} from ${m} where ${m.userId} = ${holderId})`)),
      ),
    )
    .limit(1);
  return rows.length > 0;
}

/** A certificate as the revocation page shows it, when the actor may revoke it; else a reason. */
export async function getCertificateForRevocation({ actorId, code }: { actorId: string; code: string }) {
  const canonical = normalizeCertificateCode(code);
  if (!canonical) return { status: 404 as const };
  const db = await getDb();
  const c = schema.certificates;
  const [row] = await db.select().from(c).where(eq(c.code, canonical));
  if (!row) return { status: 404 as const };
  if (!(await canRevoke(db, actorId, row.userId))) return { status: 403 as const };
  return { status: 200 as const, certificate: summary(row), holderName: row.holderName };
}

/**
 * Revokes a certificate with a reason: an admin, or a coordinator whose organisation is one of the
 * holder's. One transaction: the row (only if not yet revoked) and an audit log entry. The
 * verification page and the JSON show it from the next request on.
 */
export async function revokeCertificate({ actor, code, reason }: { actor: { id: string }; code: string; reason: string }): Promise<RevocationResult> {
  const canonical = normalizeCertificateCode(code);
  if (!canonical) return { ok: false, status: 404, message: 'Attestato non trovato.' };
  const why = typeof reason === 'string' ? reason.trim() : '';
  const db = await getDb();
  return db.transaction(async (tx): Promise<RevocationResult> => {
    const c = schema.certificates;
    const [row] = await tx.select({ id: c.id, userId: c.userId, revokedAt: c.revokedAt }).from(c).where(eq(c.code, canonical)).for('update');
    if (!row) return { ok: false, status: 404, message: 'Attestato non trovato.' };
    if (!(await canRevoke(tx, actor.id, row.userId))) return { ok: false, status: 403, message: 'Non hai i permessi per revocare questo attestato.' };
    if (row.revokedAt) return { ok: false, status: 409, message: 'L’attestato è già stato revocato.' };
    if (why.length < REVOCATION_REASON_MIN) return { ok: false, status: 400, message: `Scrivi il motivo della revoca (almeno ${REVOCATION_REASON_MIN} caratteri).` };
    if (why.length > REVOCATION_REASON_MAX) return { ok: false, status: 400, message: `Il motivo può avere al massimo ${REVOCATION_REASON_MAX} caratteri.` };
    const [done] = await tx
      .update(c)
      .set({ revokedAt: sql`now()`, revokedBy: actor.id, revocationReason: why })
      .where(and(eq(c.id, row.id), sql`${c.revokedAt} is null`))
      .returning({ revokedAt: c.revokedAt });
    if (!done?.revokedAt) return { ok: false, status: 409, message: 'L’attestato è già stato revocato.' };
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

/** Per-IP limit of the public verification (page and JSON share it). */
export const VERIFY_RATE_LIMIT = { limit: 120, windowSeconds: 60 } as const;

/** Counts one public verification from this IP address. */
export function hitVerifyRateLimit(ip: string) {
  return hitRateLimit({ key: `verify:${ip}`, ...VERIFY_RATE_LIMIT });
}

/** Certificates the actor may revoke (admin: all; coordinator: their organisations' members), newest first. */
export async function listRevocableCertificates({ actorId, limit = 200 }: { actorId: string; limit?: number }) {
  const db = await getDb();
  const c = schema.certificates;
  const r = schema.userRoles;
  const m = schema.memberships;
  const isAdmin = (await db.select({ id: r.id }).from(r).where(and(eq(r.userId, actorId), eq(r.role, 'admin')))).length > 0;
  let holderFilter = sql`true`;
  if (!isAdmin) {
    const orgs = (await db.select({ org: r.organisationId }).from(r).where(and(eq(r.userId, actorId), eq(r.role, 'coordinator'), isNotNull(r.organisationId)))).map((o) => o.org!);
    if (!orgs.length) return [];
    holderFilter = sql`${c.userId} in (select ${m.userId} from ${m} where ${inArray(m.organisationId, orgs)})`;
  }
  const rows = await db.select().from(c).where(holderFilter).orderBy(desc(c.issuedAt)).limit(limit);
  return rows.map((row) => ({ ...summary(row), holderName: row.holderName }));
}

/* ------------------------------------------------------------------------------------------ */
/* Test support                                                                               */
/* ------------------------------------------------------------------------------------------ */

/**
 * End-to-end test support only (route `/test-hooks/complete-course`, AULA_TEST_HOOKS=true): marks
 * every module of a course complete for a user, under the progress lock, then issues the
 * certificate exactly as the progress code does.
 */
export async function completeCourseForTests({ email, courseSlug }: { email: string; courseSlug: string }) {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [user] = await tx.select({ id: schema.users.id }).from(schema.users).where(sql`lower(${schema.users.email}) = ${email.trim().toLowerCase()}`);
    const [course] = await tx.select({ id: schema.courses.id }).from(schema.courses).where(eq(schema.courses.slug, courseSlug));
    if (!user || !course) return null;
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${user.id} || ${course.id}, 0))`);
    const d = schema.contentDocuments;
    const modules = await tx
      .select({ id: d.id, versionId: d.currentVersionId })
      .from(d)
      .where(and(eq(d.kind, 'module'), eq(d.courseId, course.id), gte(d.position, 1), isNotNull(d.currentVersionId)));
    const now = new Date();
    const s = schema.moduleStatus;
    for (const mod of modules) {
      await tx
        .insert(s)
        .values({ userId: user.id, documentId: mod.id, courseId: course.id, lastVisitedAt: now, readAt: now, readVersionId: mod.versionId, quizPassedAt: now, completedAt: now, completedVersionId: mod.versionId })
        .onConflictDoUpdate({ target: [s.userId, s.documentId], set: { completedAt: sql`coalesce(${s.completedAt}, excluded.completed_at)`, completedVersionId: sql`coalesce(${s.completedVersionId}, excluded.completed_version_id)` } });
    }
    return issueCertificateIfComplete({ tx, userId: user.id, courseId: course.id });
  });
}
