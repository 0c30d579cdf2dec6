/**
 * Ed25519 signatures over certificates.
 *
 * What is signed is {@link canonicalPayload}: the certificate fields plus a version tag `v: 1`,
 * serialised as JSON with object keys sorted (recursively, by UTF-16 code unit as
 * `Array.prototype.sort` does) and no whitespace, encoded as UTF-8. Only the fields of
 * {@link CertificatePayload} are taken, so a database row with extra columns signs the same.
 * Strings are signed exactly as given (no Unicode normalisation): store names in NFC.
 *
 * Example of the signed bytes:
 * `{"code":"7KQ2-M9XD-4HTR","courseSlug":"dream","courseTitle":"…","courseVersion":"2026.1","holderName":"Maria Rossi","hours":18,"issuedAt":"2026-11-22T10:00:00.000Z","issuers":["…","…"],"v":1}`
 *
 * Signatures are base64url (no padding) of the 64-byte Ed25519 signature. The key is a PKCS#8
 * Ed25519 private key (env `CERT_SIGNING_KEY`, PEM or base64 of the DER); the public half is
 * published as a JWK ({@link publicJwk}), whose `kid` is the RFC 7638 thumbprint.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';

export interface CertificatePayload {
  /** Canonical public code, e.g. `7KQ2-M9XD-4HTR`. */
  code: string;
  /** Snapshot of the holder's name at issue time. */
  holderName: string;
  courseSlug: string;
  courseTitle: string;
  courseVersion: string;
  hours: number;
  /** Issuing bodies, in display order (order is signed). */
  issuers: string[];
  /** ISO 8601 date-time, e.g. `2026-11-22T10:00:00.000Z`. */
  issuedAt: string;
}

/** Version tag of the canonical form; bump it if the signed fields ever change. */
export const CANONICAL_PAYLOAD_VERSION = 1;

/** Public Ed25519 key as published in the JWKS. */
export interface Ed25519PublicJwk {
  kty: 'OKP';
  crv: 'Ed25519';
  /** base64url of the 32-byte public key. */
  x: string;
  /** RFC 7638 SHA-256 thumbprint, base64url. */
  kid: string;
  alg: 'EdDSA';
  use: 'sig';
}

export interface Jwks {
  keys: Ed25519PublicJwk[];
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function canonicalJson(value: Json): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError('Canonical JSON cannot encode a non-finite number');
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const keys = Object.keys(value).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k] as Json)}`).join(',')}}`;
}

/** The exact string that is signed (see the module comment). Throws on malformed fields. */
export function canonicalPayload(p: CertificatePayload): string {
  for (const field of ['code', 'holderName', 'courseSlug', 'courseTitle', 'courseVersion', 'issuedAt'] as const) {
    if (typeof p[field] !== 'string') throw new TypeError(`Certificate payload: ${field} must be a string`);
  }
  if (typeof p.hours !== 'number' || !Number.isFinite(p.hours)) throw new TypeError('Certificate payload: hours must be a finite number');
  if (!Array.isArray(p.issuers) || p.issuers.some((i) => typeof i !== 'string')) {
    throw new TypeError('Certificate payload: issuers must be an array of strings');
  }
  return canonicalJson({
    v: CANONICAL_PAYLOAD_VERSION,
    code: p.code,
    holderName: p.holderName,
    courseSlug: p.courseSlug,
    courseTitle: p.courseTitle,
    courseVersion: p.courseVersion,
    hours: p.hours,
    issuers: [...p.issuers],
    issuedAt: p.issuedAt,
  });
}

function assertEd25519(key: KeyObject): KeyObject {
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new Error(`Certificate signing key must be Ed25519, got ${key.asymmetricKeyType ?? key.type}`);
  }
  return key;
}

/**
 * The private signing key from its configured form: a PKCS#8 PEM (`-----BEGIN PRIVATE KEY-----`,
 * literal `\n` escapes as found in some env files are accepted) or the base64/base64url of the
 * PKCS#8 DER. Throws if the value is not an Ed25519 private key.
 */
export function parseSigningKey(value: string): KeyObject {
  const trimmed = value.trim();
  if (!trimmed) throw new Error('Certificate signing key is empty');
  if (trimmed.includes('-----BEGIN')) {
    const pem = trimmed.replace(/\\n/g, '\n');
    return assertEd25519(createPrivateKey({ key: pem, format: 'pem' }));
  }
  const compact = trimmed.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(compact)) throw new Error('Certificate signing key is neither PEM nor base64');
  const der = Buffer.from(compact.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  return assertEd25519(createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }));
}

/** A fresh Ed25519 private key as PKCS#8 PEM (to store once in the embedded default). */
export function generateSigningKeyPem(): string {
  const { privateKey } = generateKeyPairSync('ed25519');
  return privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
}

function toPublicKey(key: KeyObject): KeyObject {
  return assertEd25519(key.type === 'private' ? createPublicKey(key) : key);
}

/** The public JWK of a (private or public) Ed25519 key, with its RFC 7638 thumbprint as `kid`. */
export function publicJwk(key: KeyObject): Ed25519PublicJwk {
  const exported = toPublicKey(key).export({ format: 'jwk' });
  if (typeof exported.x !== 'string') throw new Error('Could not export the Ed25519 public key');
  const x = exported.x;
  // RFC 7638 §3.2: required members only, lexicographic order, no whitespace.
  const thumbprintInput = `{"crv":"Ed25519","kty":"OKP","x":"${x}"}`;
  const kid = createHash('sha256').update(thumbprintInput, 'utf8').digest('base64url');
  return { kty: 'OKP', crv: 'Ed25519', x, kid, alg: 'EdDSA', use: 'sig' };
}

/** The JWKS document served at the public key endpoint. */
export function publicJwks(key: KeyObject): Jwks {
  return { keys: [publicJwk(key)] };
}

/** base64url Ed25519 signature of {@link canonicalPayload}. */
export function signPayload(p: CertificatePayload, key: KeyObject): string {
  if (key.type !== 'private') throw new Error('Signing needs the private key');
  assertEd25519(key);
  return sign(null, Buffer.from(canonicalPayload(p), 'utf8'), key).toString('base64url');
}

function publicKeyFrom(key: KeyObject | Ed25519PublicJwk | Pick<Ed25519PublicJwk, 'kty' | 'crv' | 'x'>): KeyObject {
  if ('kty' in key) {
    return toPublicKey(createPublicKey({ key: { kty: key.kty, crv: key.crv, x: key.x }, format: 'jwk' }));
  }
  return toPublicKey(key);
}

/**
 * Whether `signature` is a valid signature of `p`. Accepts the public key as a KeyObject (a
 * private one works too) or as the published JWK. Never throws: anything malformed is `false`.
 */
export function verifyPayload(p: CertificatePayload, signature: string, publicKey: KeyObject | Ed25519PublicJwk | Pick<Ed25519PublicJwk, 'kty' | 'crv' | 'x'>): boolean {
  try {
    if (typeof signature !== 'string' || !/^[A-Za-z0-9_-]{86}$/.test(signature)) return false;
    const bytes = Buffer.from(signature, 'base64url');
    // Reject non-canonical encodings (stray low bits in the last symbol).
    if (bytes.length !== 64 || bytes.toString('base64url') !== signature) return false;
    return verify(null, Buffer.from(canonicalPayload(p), 'utf8'), publicKeyFrom(publicKey), bytes);
  } catch {
    return false;
  }
}
