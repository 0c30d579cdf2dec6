/**
 * Sign-in throttling, after OWASP's authentication cheat sheet ("device cookies"): an attacker can
 * neither outrun the limit nor lock a real person out.
 *
 * - Atomic: an attempt is counted BEFORE the password is checked (one upsert returns the new
 *   count), so 100 concurrent guesses get at most `PER_CLIENT` password checks.
 * - Per (account, client): wrong passwords from one address lock that address out of that account
 *   for the window, not the account for everyone.
 * - Device cookies: a browser that signed in to the account before carries a signed cookie; its
 *   attempts are counted on their own, so a person at their usual device always gets in, even
 *   while someone elsewhere (or behind the same NAT) is guessing.
 * - Untrusted clients share a higher per-account limit, so distributed guessing stays slow.
 * - A success clears the counters of that client or device.
 */
import { randomBytes } from 'node:crypto';
import { hitRateLimit, clearRateLimit } from '~/utils/rate-limit.server';
import { hmac, hmacMatches } from '~/utils/secret.server';
import { env } from '~/utils/env.server';

export const WINDOW_SECONDS = 15 * 60;
/** wrong passwords per (account, client address) or per (account, device) in the window */
export const PER_CLIENT = 5;
/** wrong passwords per account from every client without a device cookie together */
export const PER_ACCOUNT_UNTRUSTED = 50;
/** sign-in attempts per client address, whatever the account */
export const PER_ADDRESS = 200;

export const DEVICE_COOKIE = 'aula_device';
const DEVICE_DAYS = 180;

const norm = (email: string) => email.trim().toLowerCase();

/** The device id of a valid device cookie for this account, or null. */
export async function deviceFor(cookieHeader: string | null, email: string): Promise<string | null> {
  const raw = cookieHeader
    ?.split(';')
    .map((p) => p.trim())
    .find((p) => p.startsWith(`${DEVICE_COOKIE}=`))
    ?.slice(DEVICE_COOKIE.length + 1);
  if (!raw) return null;
  for (const entry of raw.split('~')) {
    const [id, mac] = entry.split('.');
    if (id && mac && /^[A-Za-z0-9_-]{16,64}$/.test(id) && (await hmacMatches('device', `${id}:${norm(email)}`, mac))) return id;
  }
  return null;
}

/** The device cookie after a successful sign-in: this account added (a browser may hold a few). */
export async function deviceCookieAfterLogin(cookieHeader: string | null, email: string): Promise<string> {
  const existing =
    cookieHeader
      ?.split(';')
      .map((p) => p.trim())
      .find((p) => p.startsWith(`${DEVICE_COOKIE}=`))
      ?.slice(DEVICE_COOKIE.length + 1) ?? '';
  let entries = existing.split('~').filter((e) => /^[A-Za-z0-9_-]{16,64}\.[A-Za-z0-9_-]{20,}$/.test(e));
  if (!(await deviceFor(cookieHeader, email))) {
    const id = randomBytes(16).toString('base64url');
    entries = [...entries, `${id}.${await hmac('device', `${id}:${norm(email)}`)}`].slice(-5);
  }
  const parts = [`${DEVICE_COOKIE}=${entries.join('~')}`, 'HttpOnly', 'SameSite=Lax', 'Path=/login', `Max-Age=${DEVICE_DAYS * 86400}`];
  if (env.secureCookies) parts.push('Secure');
  return parts.join('; ');
}

export type Reservation = { ok: true; keys: string[] } | { ok: false; retryAfterSeconds: number };

/** Counts one sign-in attempt before its password is checked; refuses it when a limit is reached. */
export async function reserveLoginAttempt({ email, clientIp, deviceId }: { email: string; clientIp: string; deviceId: string | null }): Promise<Reservation> {
  const account = norm(email);
  const limits = deviceId
    ? [{ key: `login:${account}:device:${deviceId}`, limit: PER_CLIENT }]
    : [
        { key: `login:${account}:ip:${clientIp}`, limit: PER_CLIENT },
        { key: `login:${account}:untrusted`, limit: PER_ACCOUNT_UNTRUSTED },
      ];
  limits.push({ key: `login-ip:${clientIp}`, limit: PER_ADDRESS });
  let retry = 0;
  for (const l of limits) {
    const hit = await hitRateLimit({ key: l.key, limit: l.limit, windowSeconds: WINDOW_SECONDS });
    if (!hit.allowed) retry = Math.max(retry, hit.retryAfterSeconds);
  }
  return retry ? { ok: false, retryAfterSeconds: retry } : { ok: true, keys: limits.slice(0, -1).map((l) => l.key) };
}

/** After a successful sign-in: that client's or device's counters start again. */
export async function clearLoginAttempts(keys: string[]) {
  for (const key of keys.filter((k) => !k.endsWith(':untrusted'))) await clearRateLimit(key);
}
