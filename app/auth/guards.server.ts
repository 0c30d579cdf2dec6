/**
 * Guards: the first line of every loader and action. They take `{ request, context }` and throw a
 * Response (a redirect to sign in, or 403) when the request may not go on. The session is looked up
 * once per HTTP request (memoised on the request context) and a renewed session cookie is queued
 * on the context, which the server sets on the response (app/http/handler.server.ts).
 */
import { redirect, type AppLoadContext } from '@remix-run/node';
import { memoise } from '~/http/context.server';
import { httpError } from '~/http/errors.server';
import { resolveLocale } from '~/i18n/locale.server';
import type { Locale } from '~/i18n/i18n';
import { mustEnrolTwoFactor } from './signin.server';
import { SESSION_COOKIE, readCookie, sessionCookie, validateSessionToken, type SessionUser } from './session.server';

export type Role = SessionUser['roles'][number]['role'];
export type { SessionUser };

/** What every guard takes: Remix's loader/action arguments (only these two are used). */
export interface GuardArgs {
  request: Request;
  context: AppLoadContext;
}

type SessionResult = Awaited<ReturnType<typeof validateSessionToken>>;
const SESSION = Symbol('session');
const LOCALE = Symbol('locale');

/** The session of this request, validated once per HTTP request. */
export function getSession({ request, context }: GuardArgs): Promise<SessionResult> {
  return memoise(context, SESSION, async () => {
    const token = readCookie(request, SESSION_COOKIE);
    if (!token) return null;
    const session = await validateSessionToken(token);
    if (session) {
      context.signedIn = true;
      // Sliding sessions: a renewed expiry must reach the browser, or the cookie expires first.
      if (session.renewed) context.setCookies.push(sessionCookie(token, session.expiresAt));
    }
    return session;
  });
}

export async function getUser(args: GuardArgs): Promise<SessionUser | null> {
  return (await getSession(args))?.user ?? null;
}

/** The reader's language: their preference, then the language cookie, then Accept-Language. */
export function getLocale(args: GuardArgs): Promise<Locale> {
  return memoise(args.context, LOCALE, async () => resolveLocale(args.request, (await getUser(args))?.locale));
}

export function hasRole(user: SessionUser, role: Role): boolean {
  return user.roles.some((r) => r.role === role || r.role === 'admin');
}

/** Throws a redirect to the sign-in page (keeping where the user wanted to go) when nobody is signed in. */
export async function requireUser(args: GuardArgs): Promise<SessionUser> {
  const user = await getUser(args);
  if (!user) {
    const url = new URL(args.request.url);
    throw redirect(`/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
  }
  return user;
}

/** Admins pass every role check. Throws 403 when the signed-in user lacks the role. */
export async function requireRole(args: GuardArgs, role: Role): Promise<SessionUser> {
  const user = await requireUser(args);
  if (!hasRole(user, role)) throw httpError(403);
  // Admins and coordinators without the required second factor enrol it before any staff page.
  if (await mustEnrolTwoFactor(user)) throw redirect('/profilo/due-fattori?obbligatorio=1');
  return user;
}

const PROBE_ORIGIN = 'http://aula.invalid';

/**
 * A redirect target from a form or a query string: accepted only when, resolved against the site's
 * own origin as a browser would resolve it, the origin is unchanged. Tabs, newlines, backslashes,
 * `//`, `/%2F`, `https:evil`, Unicode slashes: all either resolve elsewhere (refused) or stay a path.
 */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = '/corsi'): string {
  if (!to || typeof to !== 'string' || to.length > 2000) return fallback;
  // Browsers drop tabs and newlines and read backslashes as slashes: refuse both outright.
  if (!to.startsWith('/') || /[\u0000-\u001f\u007f\\]/.test(to)) return fallback;
  let url: URL;
  try {
    url = new URL(to, PROBE_ORIGIN);
  } catch {
    return fallback;
  }
  if (url.origin !== PROBE_ORIGIN) return fallback;
  // A normalised path that begins with `//` would be read as another host ("/.//evil").
  if (url.pathname.startsWith('//')) return fallback;
  return url.pathname + url.search + url.hash;
}
