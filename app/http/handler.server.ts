/**
 * The HTTP entry of the app: app/cli/serve.js hands every request that is not a static file to the
 * handler made here. In order: build the request context; refuse what must not reach a route
 * (cross-site posts, bodies over their cap, non-form bodies) before reading a byte of it; run
 * Remix; replace an error caused by a database outage with the Italian 503 page; set the security
 * headers and the cookies queued on the context.
 */
import type { ServerBuild } from '@remix-run/node';
import { readCookieHeader } from './cookies';
import { createLoadContext } from './context.server';
import type { AppLoadContext } from '@remix-run/node';
import { isFormContentType } from './form.server';
import { bodyLimitFor } from './limits';
import { compress } from './compress.server';
import { applySecurityHeaders } from './security.server';
import { renderPlainErrorPage, type PlainErrorKind } from './plain-page.server';

type RemixHandler = (request: Request, context: AppLoadContext) => Promise<Response>;

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const SESSION_COOKIE = 'aula_session';

/** Why a request is refused before it reaches a route, or null. */
export function precheck(request: Request, url: URL): { status: 403 | 413 | 415; kind: PlainErrorKind } | null {
  if (SAFE_METHODS.has(request.method)) return null;
  const hasSession = Boolean(readCookieHeader(request.headers.get('cookie'), SESSION_COOKIE));
  // CSRF: the full origin (scheme, host, port) must be ours; a cookie-carrying post with neither
  // Origin nor Referer is refused (SameSite=Lax cookies are the first line; this is the second).
  const origin = request.headers.get('origin');
  if (origin !== null) {
    if (origin !== url.origin) return { status: 403, kind: 'csrf' };
  } else {
    const referer = request.headers.get('referer');
    let refererOrigin: string | null = null;
    try {
      refererOrigin = referer ? new URL(referer).origin : null;
    } catch {
      refererOrigin = 'invalid';
    }
    if (refererOrigin !== null ? refererOrigin !== url.origin : hasSession) return { status: 403, kind: 'csrf' };
  }
  const declared = Number(request.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > bodyLimitFor(url.pathname, hasSession)) return { status: 413, kind: 'too-large' };
  if ((request.body !== null || declared > 0) && !isFormContentType(request.headers.get('content-type'))) return { status: 415, kind: 'unsupported' };
  return null;
}

export interface HandlerOptions {
  build: ServerBuild;
  remix: RemixHandler;
  production: boolean;
}

export function createFetchHandler({ build, remix, production }: HandlerOptions) {
  const stylesheets = rootStylesheets(build);
  return async function handle(request: Request, client: { address: string }): Promise<Response> {
    const url = new URL(request.url);
    const context = createLoadContext({ request, clientIp: client.address });
    const refused = precheck(request, url);
    let response: Response;
    if (refused) {
      response = renderPlainErrorPage({ request, status: refused.status, kind: refused.kind, stylesheets });
      // The body was not read: close the connection after answering, so a client still sending it
      // is not left waiting on a paused socket.
      response.headers.set('Connection', 'close');
    } else {
      response = await remix(request, context);
      if (context.databaseUnavailable && response.status >= 500) {
        response = renderPlainErrorPage({ request, status: 503, kind: 'unavailable', stylesheets });
      }
    }
    const headers = new Headers(response.headers);
    applySecurityHeaders(headers, context, { https: url.protocol === 'https:', production });
    if (response.status === 503 && !headers.has('Retry-After')) headers.set('Retry-After', '5');
    return compress(request, new Response(response.body, { status: response.status, statusText: response.statusText, headers }));
  };
}

/** The root route's stylesheets (Bootstrap Italia, ours), so pages made outside Remix look the same. */
function rootStylesheets(build: ServerBuild): string[] {
  const links = (build.routes.root?.module as { links?: () => Array<{ rel?: string; href?: string }> } | undefined)?.links?.() ?? [];
  return links.filter((l) => l.rel === 'stylesheet' && typeof l.href === 'string').map((l) => l.href!);
}
