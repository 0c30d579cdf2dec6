/**
 * Sessions as Lucia's guide teaches them: a random token lives only in the cookie,
 * the database keeps its SHA-256. 30 days, extended when less than 15 days are left.
 */
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import { and, eq, ne, sql } from 'drizzle-orm';
import { getDb, preparedQuery, schema, type DbOrTx } from '~/utils/db.server';
import { env } from '~/utils/env.server';
import { readCookieHeader } from '~/http/cookies';

const DAY = 24 * 60 * 60 * 1000;
export const SESSION_DAYS = 30;
export const SESSION_COOKIE = 'aula_session';

export function generateToken(): string {
  const bytes = new Uint8Array(20);
  crypto.getRandomValues(bytes);
  return encodeBase32LowerCaseNoPadding(bytes);
}

export function hashToken(token: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  locale: string | null;
  roles: Array<{ role: 'learner' | 'lecturer' | 'coordinator' | 'admin' | 'operatore' | 'revisore'; organisationId: string | null }>;
  /** a confirmed TOTP authenticator */
  twoFactor: boolean;
}

/** "Chrome su Linux": what the sessions page shows, never the full user agent (data minimisation). */
export function deviceLabel(userAgent: string | null | undefined): string | null {
  if (!userAgent) return null;
  const ua = userAgent.slice(0, 500);
  const browser = /Edg\//.test(ua) ? 'Edge' : /OPR\//.test(ua) ? 'Opera' : /Firefox\//.test(ua) ? 'Firefox' : /Chrom(e|ium)\//.test(ua) ? 'Chrome' : /Safari\//.test(ua) ? 'Safari' : 'Browser';
  const system = /Android/.test(ua) ? 'Android' : /iPhone|iPad/.test(ua) ? 'iOS' : /Windows/.test(ua) ? 'Windows' : /Mac OS X|Macintosh/.test(ua) ? 'macOS' : /Linux/.test(ua) ? 'Linux' : null;
  return system ? `${browser} · ${system}` : browser;
}

export async function createSession({ userId, db, userAgent, method = 'password' }: { userId: string; db?: DbOrTx; userAgent?: string | null; method?: string }) {
  const conn = db ?? (await getDb());
  const token = generateToken();
  const now = new Date();
  const expiresAt = new Date(now.getTime() + SESSION_DAYS * DAY);
  await conn.insert(schema.sessions).values({ id: hashToken(token), userId, expiresAt, device: deviceLabel(userAgent), method, lastSeenAt: now });
  await conn.update(schema.users).set({ lastSignInAt: now }).where(eq(schema.users.id, userId));
  return { token, expiresAt };
}

/** How often a session's "last seen" is written (not on every request). */
const LAST_SEEN_EVERY = 5 * 60 * 1000;

// Session, user and roles in one round trip, prepared once: every signed-in request runs it.
const sessionQuery = preparedQuery((db) =>
  db
    .select({
      session: schema.sessions,
      user: { id: schema.users.id, email: schema.users.email, name: schema.users.name, locale: schema.users.locale, disabledAt: schema.users.disabledAt },
      roles: sql<
        SessionUser['roles']
      >`coalesce((select json_agg(json_build_object('role', r.role, 'organisationId', r.organisation_id)) from user_roles r where r.user_id = ${schema.users.id}), '[]'::json)`,
      twoFactor: sql<boolean>`exists (select 1 from totp_credentials t where t.user_id = ${schema.users.id} and t.enabled_at is not null)`,
    })
    .from(schema.sessions)
    .innerJoin(schema.users, eq(schema.sessions.userId, schema.users.id))
    .where(eq(schema.sessions.id, sql.placeholder('sessionId')))
    .limit(1)
    .prepare('aula_session'),
);

export async function validateSessionToken(token: string): Promise<{ user: SessionUser; sessionId: string; expiresAt: Date; renewed: boolean } | null> {
  const sessionId = hashToken(token);
  const rows = await (await sessionQuery()).execute({ sessionId });
  const db = await getDb();
  const row = rows[0];
  if (!row || row.user.disabledAt) return null;
  const now = Date.now();
  let expiresAt = row.session.expiresAt;
  if (now >= expiresAt.getTime()) {
    await db.delete(schema.sessions).where(eq(schema.sessions.id, sessionId));
    return null;
  }
  let renewed = false;
  if (now >= expiresAt.getTime() - (SESSION_DAYS / 2) * DAY) {
    expiresAt = new Date(now + SESSION_DAYS * DAY);
    await db
      .update(schema.sessions)
      .set({ expiresAt, lastSeenAt: new Date(now) })
      .where(eq(schema.sessions.id, sessionId));
    renewed = true;
  } else if (!row.session.lastSeenAt || now - row.session.lastSeenAt.getTime() > LAST_SEEN_EVERY) {
    await db
      .update(schema.sessions)
      .set({ lastSeenAt: new Date(now) })
      .where(eq(schema.sessions.id, sessionId));
  }
  return {
    user: { id: row.user.id, email: row.user.email, name: row.user.name, locale: row.user.locale, roles: row.roles, twoFactor: Boolean(row.twoFactor) },
    sessionId,
    expiresAt,
    renewed,
  };
}

export async function invalidateSession(sessionId: string) {
  const db = await getDb();
  await db.delete(schema.sessions).where(eq(schema.sessions.id, sessionId));
}

/** Ends every session of a user except, optionally, the one in use. */
export async function invalidateUserSessions({ userId, exceptSessionId, db }: { userId: string; exceptSessionId?: string; db?: DbOrTx }) {
  const conn = db ?? (await getDb());
  await conn.delete(schema.sessions).where(exceptSessionId ? and(eq(schema.sessions.userId, userId), ne(schema.sessions.id, exceptSessionId)) : eq(schema.sessions.userId, userId));
}

export function sessionCookie(token: string, expiresAt: Date): string {
  const parts = [`${SESSION_COOKIE}=${token}`, 'HttpOnly', 'SameSite=Lax', 'Path=/', `Expires=${expiresAt.toUTCString()}`];
  if (env.secureCookies) parts.push('Secure');
  return parts.join('; ');
}

export function clearSessionCookie(): string {
  const parts = [`${SESSION_COOKIE}=`, 'HttpOnly', 'SameSite=Lax', 'Path=/', 'Max-Age=0'];
  if (env.secureCookies) parts.push('Secure');
  return parts.join('; ');
}

export function readCookie(request: Request, name: string): string | null {
  return readCookieHeader(request.headers.get('Cookie'), name);
}
