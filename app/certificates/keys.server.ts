/**
 * The Ed25519 key ring of certificates and badges: `CERT_SIGNING_KEY` when set, else a key generated
 * once and stored in `app_settings`; every key a stored certificate may have been signed with stays
 * available for verification, by key id.
 */
import { createPublicKey, type KeyObject } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { env } from '~/utils/env.server';
import { getDb, schema, type DbOrTx } from '~/utils/db.server';
import { generateSigningKeyPem, parseSigningKey, publicJwk, type Ed25519PublicJwk, type Jwks } from './signing.server';

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
  const configured = env.certSigningKey;
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
  const inserted = await conn.insert(schema.appSettings).values({ key: SIGNING_KEY_SETTING, value: generateSigningKeyPem() }).onConflictDoNothing().returning({ key: schema.appSettings.key });
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

export async function getKeyRing(conn?: DbOrTx): Promise<KeyRing> {
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
