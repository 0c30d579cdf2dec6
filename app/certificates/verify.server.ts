/** Public verification: what anyone may know about a code, with the signature checked on every call. */
import { eq } from 'drizzle-orm';
import { hitRateLimit } from '~/utils/rate-limit.server';
import { getDb, schema } from '~/utils/db.server';
import { normalizeCertificateCode } from './code';
import { canonicalPayload, verifyPayload, type CertificatePayload } from './signing.server';
import { SIGNATURE_ALGORITHM, getKeyRing } from './keys.server';
import { payloadOf } from './issue.server';

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

/** Per-IP limit of the public verification (page and JSON share it). */
export const VERIFY_RATE_LIMIT = { limit: 120, windowSeconds: 60 } as const;

/** Counts one public verification from this IP address. */
export function hitVerifyRateLimit(ip: string) {
  return hitRateLimit({ key: `verify:${ip}`, ...VERIFY_RATE_LIMIT });
}
