/**
 * Two-factor authentication with TOTP (RFC 6238: 30-second steps, 6 digits, SHA-1 as every
 * authenticator app expects), on @oslojs/otp. The shared key is stored encrypted (AES-256-GCM with
 * a key derived from the server secret). Ten single-use recovery codes, stored as hashes.
 *
 * Throttling follows the sign-in rule (throttle.server.ts): every attempt is counted BEFORE the
 * code is checked, in one atomic upsert, so concurrent guesses get at most `PER_WINDOW` checks. A
 * code is never accepted twice: the accepted step is written with a conditional update
 * (`last_step < step`), so two requests racing with the same code cannot both pass.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { createTOTPKeyURI, generateHOTP } from '@oslojs/otp';
import { encodeBase32UpperCaseNoPadding } from '@oslojs/encoding';
import { and, eq, isNull, isNotNull, or, lt, sql } from 'drizzle-orm';
import QRCode from 'qrcode';
import { getDb, schema, type DbOrTx } from '~/utils/db.server';
import { hitRateLimit, clearRateLimit } from '~/utils/rate-limit.server';
import { hmac } from '~/utils/secret.server';
import { hashToken } from './session.server';

export const PERIOD = 30;
export const DIGITS = 6;
export const RECOVERY_CODES = 10;
/** wrong codes per account in the window */
export const PER_WINDOW = 5;
export const WINDOW_SECONDS = 15 * 60;

async function encryptionKey(): Promise<Buffer> {
  return Buffer.from(await hmac('totp-encryption', 'v1'), 'base64url');
}

async function seal(secret: Uint8Array): Promise<string> {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', await encryptionKey(), iv);
  const body = Buffer.concat([cipher.update(secret), cipher.final()]);
  return ['v1', iv.toString('base64url'), body.toString('base64url'), cipher.getAuthTag().toString('base64url')].join('.');
}

async function open(sealed: string): Promise<Uint8Array> {
  const [, iv, body, tag] = sealed.split('.');
  const decipher = createDecipheriv('aes-256-gcm', await encryptionKey(), Buffer.from(iv!, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag!, 'base64url'));
  return new Uint8Array(Buffer.concat([decipher.update(Buffer.from(body!, 'base64url')), decipher.final()]));
}

const stepAt = (now: number) => Math.floor(now / 1000 / PERIOD);

/** The code an authenticator shows at a time (tests and the enrolment page use it). */
export function totpAt(key: Uint8Array, now = Date.now()): string {
  return generateHOTP(key, BigInt(stepAt(now)), DIGITS);
}

/** The accepted step of a code: the current one or its neighbours (clock drift of ±30 s), or null. */
function matchingStep(key: Uint8Array, code: string, now: number): number | null {
  const step = stepAt(now);
  for (const s of [step, step - 1, step + 1]) if (generateHOTP(key, BigInt(s), DIGITS) === code) return s;
  return null;
}

export async function twoFactorStatus({ userId }: { userId: string }) {
  const db = await getDb();
  const [row] = await db.select({ enabledAt: schema.totpCredentials.enabledAt }).from(schema.totpCredentials).where(eq(schema.totpCredentials.userId, userId));
  const [codes] = await db
    .select({ left: sql<number>`count(*)::int` })
    .from(schema.recoveryCodes)
    .where(and(eq(schema.recoveryCodes.userId, userId), isNull(schema.recoveryCodes.usedAt)));
  return { enabled: Boolean(row?.enabledAt), enabledAt: row?.enabledAt ?? null, recoveryCodesLeft: codes?.left ?? 0 };
}

export async function hasTwoFactor(userId: string, conn?: DbOrTx): Promise<boolean> {
  const db = conn ?? (await getDb());
  const [row] = await db
    .select({ userId: schema.totpCredentials.userId })
    .from(schema.totpCredentials)
    .where(and(eq(schema.totpCredentials.userId, userId), isNotNull(schema.totpCredentials.enabledAt)));
  return Boolean(row);
}

export interface Enrolment {
  /** the key to type by hand, in groups of four */
  manualKey: string;
  uri: string;
  qrDataUrl: string;
}

/**
 * Starts (or shows again) an enrolment: a new key while none is confirmed. An account whose second
 * factor is already on gets `alreadyEnabled`.
 */
export async function startTotpEnrolment({
  userId,
  accountName,
  issuer = 'Aula',
}: {
  userId: string;
  accountName: string;
  issuer?: string;
}): Promise<{ ok: true; enrolment: Enrolment } | { ok: false; reason: 'alreadyEnabled' }> {
  const db = await getDb();
  const [existing] = await db.select().from(schema.totpCredentials).where(eq(schema.totpCredentials.userId, userId));
  if (existing?.enabledAt) return { ok: false, reason: 'alreadyEnabled' };
  let key: Uint8Array;
  if (existing) key = await open(existing.secret);
  else {
    key = new Uint8Array(randomBytes(20));
    await db
      .insert(schema.totpCredentials)
      .values({ userId, secret: await seal(key) })
      .onConflictDoNothing();
    const [row] = await db.select().from(schema.totpCredentials).where(eq(schema.totpCredentials.userId, userId));
    key = await open(row!.secret);
  }
  const uri = createTOTPKeyURI(issuer, accountName, key, PERIOD, DIGITS);
  const manualKey = encodeBase32UpperCaseNoPadding(key).replace(/(.{4})(?=.)/g, '$1 ');
  const qrDataUrl = await QRCode.toDataURL(uri, { errorCorrectionLevel: 'M', margin: 2, scale: 5 });
  return { ok: true, enrolment: { manualKey, uri, qrDataUrl } };
}

function newRecoveryCode(): string {
  // 10 characters of Crockford-like base32, shown as XXXXX-XXXXX
  const raw = encodeBase32UpperCaseNoPadding(randomBytes(8)).slice(0, 10);
  return `${raw.slice(0, 5)}-${raw.slice(5)}`;
}

const normRecovery = (code: string) => code.replace(/[\s-]/g, '').toUpperCase();

async function replaceRecoveryCodes(tx: DbOrTx, userId: string): Promise<string[]> {
  const codes = Array.from({ length: RECOVERY_CODES }, newRecoveryCode);
  await tx.delete(schema.recoveryCodes).where(eq(schema.recoveryCodes.userId, userId));
  await tx.insert(schema.recoveryCodes).values(codes.map((c) => ({ userId, codeHash: hashToken(`recovery:${normRecovery(c)}`) })));
  return codes;
}

export type CodeCheck = { ok: true; via: 'totp' | 'recovery' } | { ok: false; reason: 'invalid' | 'throttled' | 'notEnrolled'; retryAfterSeconds?: number };

/** Counts the attempt first (atomic), then checks a TOTP code or a recovery code. */
async function checkCode(userId: string, code: string, { allowRecovery, now }: { allowRecovery: boolean; now: number }): Promise<CodeCheck> {
  const key = `totp:${userId}`;
  const hit = await hitRateLimit({ key, limit: PER_WINDOW, windowSeconds: WINDOW_SECONDS });
  if (!hit.allowed) return { ok: false, reason: 'throttled', retryAfterSeconds: hit.retryAfterSeconds };
  const db = await getDb();
  const [cred] = await db.select().from(schema.totpCredentials).where(eq(schema.totpCredentials.userId, userId));
  if (!cred) return { ok: false, reason: 'notEnrolled' };
  const digits = code.replace(/\s/g, '');
  if (/^\d{6}$/.test(digits)) {
    const step = matchingStep(await open(cred.secret), digits, now);
    if (step === null) return { ok: false, reason: 'invalid' };
    const taken = await db
      .update(schema.totpCredentials)
      .set({ lastStep: step })
      .where(and(eq(schema.totpCredentials.userId, userId), or(isNull(schema.totpCredentials.lastStep), lt(schema.totpCredentials.lastStep, step))))
      .returning({ userId: schema.totpCredentials.userId });
    if (!taken.length) return { ok: false, reason: 'invalid' };
    await clearRateLimit(key);
    return { ok: true, via: 'totp' };
  }
  if (allowRecovery && cred.enabledAt && /^[A-Z0-9]{10}$/.test(normRecovery(code))) {
    const used = await db
      .update(schema.recoveryCodes)
      .set({ usedAt: new Date(now) })
      .where(and(eq(schema.recoveryCodes.userId, userId), eq(schema.recoveryCodes.codeHash, hashToken(`recovery:${normRecovery(code)}`)), isNull(schema.recoveryCodes.usedAt)))
      .returning({ id: schema.recoveryCodes.id });
    if (!used.length) return { ok: false, reason: 'invalid' };
    await clearRateLimit(key);
    return { ok: true, via: 'recovery' };
  }
  return { ok: false, reason: 'invalid' };
}

export type ConfirmResult = { ok: true; recoveryCodes: string[] } | { ok: false; reason: 'invalid' | 'throttled' | 'notEnrolled' | 'alreadyEnabled' };

/** Confirms the enrolment with a first code; returns the ten recovery codes (shown once). */
export async function confirmTotpEnrolment({ userId, code, now = Date.now() }: { userId: string; code: string; now?: number }): Promise<ConfirmResult> {
  if (await hasTwoFactor(userId)) return { ok: false, reason: 'alreadyEnabled' };
  const check = await checkCode(userId, code, { allowRecovery: false, now });
  if (!check.ok) {
    if (check.reason === 'invalid') await audit(userId, 'totp.refused', { step: 'enrolment' });
    return { ok: false, reason: check.reason };
  }
  const db = await getDb();
  return db.transaction(async (tx) => {
    await tx
      .update(schema.totpCredentials)
      .set({ enabledAt: new Date(now) })
      .where(eq(schema.totpCredentials.userId, userId));
    const recoveryCodes = await replaceRecoveryCodes(tx, userId);
    await tx.insert(schema.auditLog).values({ actorId: userId, action: 'totp.enable', target: userId });
    return { ok: true as const, recoveryCodes };
  });
}

/** A second factor check during sign-in or before a sensitive change. */
export async function verifyTwoFactor({ userId, code, now = Date.now() }: { userId: string; code: string; now?: number }): Promise<CodeCheck> {
  const result = await checkCode(userId, code, { allowRecovery: true, now });
  if (!result.ok) await audit(userId, 'totp.refused', { reason: result.reason });
  return result;
}

/** New recovery codes (the old ones stop working); needs a valid current code. */
export async function regenerateRecoveryCodes({ userId, code, now = Date.now() }: { userId: string; code: string; now?: number }): Promise<ConfirmResult> {
  const check = await verifyTwoFactor({ userId, code, now });
  if (!check.ok) return { ok: false, reason: check.reason };
  const db = await getDb();
  return db.transaction(async (tx) => {
    const recoveryCodes = await replaceRecoveryCodes(tx, userId);
    await tx.insert(schema.auditLog).values({ actorId: userId, action: 'totp.recovery.regenerate', target: userId });
    return { ok: true as const, recoveryCodes };
  });
}

/** Turns the second factor off (needs a valid code); the caller checks whether the role allows it. */
export async function disableTwoFactor({
  userId,
  code,
  now = Date.now(),
}: {
  userId: string;
  code: string;
  now?: number;
}): Promise<{ ok: true } | { ok: false; reason: 'invalid' | 'throttled' | 'notEnrolled' }> {
  const check = await verifyTwoFactor({ userId, code, now });
  if (!check.ok) return { ok: false, reason: check.reason };
  await resetTwoFactor({ userId, actorId: userId });
  return { ok: true };
}

/** Removes a person's authenticator and recovery codes (they, or an admin for a lost phone). */
export async function resetTwoFactor({ userId, actorId }: { userId: string; actorId: string }) {
  const db = await getDb();
  await db.transaction(async (tx) => {
    await tx.delete(schema.totpCredentials).where(eq(schema.totpCredentials.userId, userId));
    await tx.delete(schema.recoveryCodes).where(eq(schema.recoveryCodes.userId, userId));
    await tx.insert(schema.auditLog).values({ actorId, action: 'totp.disable', target: userId });
  });
}

async function audit(userId: string, action: string, data: Record<string, unknown>) {
  const db = await getDb();
  await db.insert(schema.auditLog).values({ actorId: userId, action, target: userId, data: JSON.stringify(data) });
}

/** For tests and for the enrolment check: the decrypted key of an account. */
export async function totpKeyOf(userId: string): Promise<Uint8Array | null> {
  const db = await getDb();
  const [row] = await db.select().from(schema.totpCredentials).where(eq(schema.totpCredentials.userId, userId));
  return row ? open(row.secret) : null;
}
