/** Public verification: what anyone may know about a code, with the signature checked on every call. */
import { eq } from 'drizzle-orm';
import { hitRateLimit } from '~/utils/rate-limit.server';
import { getDb, schema } from '~/utils/db.server';
import { normalizeCertificateCode } from './code';
import { canonicalPayload, verifyPayload, type CertificatePayload } from './signing.server';
import { SIGNATURE_ALGORITHM, getKeyRing } from './keys.server';
import { payloadOf } from './issue.server';
import { verifiedLog } from './revocation-log.server';

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
      /** the hash of the signed log entry that revokes it */
      revocationEntry: string | null;
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
  // Revocation comes from the signed, chained log. A broken log, or a revoked_at that the log does
  // not back, means the database was edited: the answer is "non valido".
  const log = await verifiedLog();
  const entry = log.revoked.get(row.code);
  const tampered = !log.intact || (row.revokedAt !== null && !entry);
  const status = !genuine || tampered ? 'invalid' : entry ? 'revoked' : 'valid';
  return {
    status,
    code: row.code,
    certificate: { ...payload },
    revokedAt: entry ? entry.revokedAt : null,
    reason: entry ? entry.reason : null,
    revocationEntry: entry ? entry.hash : null,
    signature: { algorithm: SIGNATURE_ALGORITHM, curve: 'Ed25519', keyId: row.keyId, value: row.signature, payload: signed },
  };
}

/** Per-IP limit of the public verification (page and JSON share it). */
export const VERIFY_RATE_LIMIT = { limit: 120, windowSeconds: 60 } as const;

/** Counts one public verification from this IP address. */
export function hitVerifyRateLimit(ip: string) {
  return hitRateLimit({ key: `verify:${ip}`, ...VERIFY_RATE_LIMIT });
}
