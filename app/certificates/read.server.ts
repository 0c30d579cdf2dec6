/**
 * Reading certificates: the learner's list, the owner's PDF and Open Badges 3.0 credential, the
 * issuer profile, and the URLs of each certificate.
 */
import { and, asc, desc, eq } from 'drizzle-orm';
import { env } from '~/utils/env.server';
import { getDb, schema } from '~/utils/db.server';
import type { CourseDefinition } from '~/content/formats';
import { normalizeCertificateCode } from './code';
import { renderCertificatePdf } from './pdf.server';
import { issueOpenBadgeJwt, openBadgeUrls } from './badge.server';
import { getSigningKey } from './keys.server';
import { payloadOf, type CertificateRow } from './issue.server';

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

export function summary(row: CertificateRow): CertificateSummary {
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
  const jwt = await issueOpenBadgeJwt({ payload: payloadOf(cert), key: await getSigningKey(), baseUrl: env.baseUrl, holderEmail: cert.email, statusIndex: cert.statusIndex });
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
