import { redirect } from '@remix-run/node';
import { SESSION_COOKIE, readCookie, validateSessionToken, type SessionUser } from './session.server';
import { trustedRequestId } from './request-id.server';

export type Role = SessionUser['roles'][number]['role'];
export type { SessionUser };

type SessionResult = Awaited<ReturnType<typeof validateSessionToken>>;
const byRequestObject = new WeakMap<Request, Promise<SessionResult>>();
// Remix hands each loader of one HTTP request its own Request object; the production server gives
// every HTTP request an id (request-id.server.ts), so the root loader and the page's loader share
// one session lookup. Entries are dropped after a minute.
const byHttpRequest = new Map<string, { p: Promise<SessionResult>; at: number }>();
const KEEP_MS = 60_000;

/** The session of this request (validated once per HTTP request). */
export function getSession(request: Request): Promise<SessionResult> {
  const token = readCookie(request, SESSION_COOKIE);
  const id = trustedRequestId(request);
  if (id) {
    // One HTTP request carries one cookie, so its id alone is the key.
    const hit = byHttpRequest.get(id);
    if (hit) return hit.p;
    const now = Date.now();
    for (const [k, v] of byHttpRequest) {
      if (now - v.at < KEEP_MS) break;
      byHttpRequest.delete(k);
    }
    const p = token ? validateSessionToken(token) : Promise.resolve(null);
    byHttpRequest.set(id, { p, at: now });
    return p;
  }
  let p = byRequestObject.get(request);
  if (!p) {
    p = token ? validateSessionToken(token) : Promise.resolve(null);
    byRequestObject.set(request, p);
  }
  return p;
}

export async function getUser(request: Request): Promise<SessionUser | null> {
  return (await getSession(request))?.user ?? null;
}

export function hasRole(user: SessionUser, role: Role): boolean {
  return user.roles.some((r) => r.role === role || r.role === 'admin');
}

/** Throws a redirect to the login page (keeping where the user wanted to go) when nobody is signed in. */
export async function requireUser(request: Request): Promise<SessionUser> {
  const user = await getUser(request);
  if (!user) {
    const url = new URL(request.url);
    const to = url.pathname + url.search;
    throw redirect(`/login?redirectTo=${encodeURIComponent(to)}`);
  }
  return user;
}

/** Admins pass every role check. Throws 403 when the signed-in user lacks the role. */
export async function requireRole(request: Request, role: Role): Promise<SessionUser> {
  const user = await requireUser(request);
  if (!hasRole(user, role)) {
    throw new Response('Non hai i permessi per questa pagina.', { status: 403, statusText: 'Forbidden' });
  }
  return user;
}

/** Only same-site relative paths are accepted as redirect targets. */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = '/corsi'): string {
  if (!to || typeof to !== 'string') return fallback;
  if (!to.startsWith('/') || to.startsWith('//') || to.startsWith('/\\')) return fallback;
  return to;
}
