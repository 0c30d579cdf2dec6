/**
 * The typed request context (Remix's AppLoadContext). The production server (app/cli/serve.js)
 * builds one per HTTP request through `createLoadContext` and hands the same object to every loader
 * and action of that request, to entry.server and to `finishResponse`:
 *
 * - `requestId`: for logs (never logged with query parameters or personal data);
 * - `clientIp`: the socket address, or the proxy's `X-Forwarded-For` only with TRUST_PROXY=true;
 * - `nonce`: the CSP nonce of this response (scripts carry it);
 * - `contentBodies`: on document requests only, the module and card bodies that entry.server writes
 *   into the page once, instead of also into the hydration data (see app/content/body.tsx);
 * - `memo`: what guards compute once per request (the session lookup, the locale);
 * - `setCookies`: cookies every response of this request carries (a renewed session cookie).
 */
import { randomBytes } from 'node:crypto';
import type { AppLoadContext } from '@remix-run/node';

export interface AulaContext {
  requestId: string;
  clientIp: string;
  nonce: string;
  contentBodies: Map<string, string> | null;
  memo: Map<symbol, unknown>;
  setCookies: string[];
  /** True once a signed-in session was found: the response gets `Cache-Control: private, no-store`. */
  signedIn: boolean;
  /** Set by handleError when a loader or action failed because the database could not be reached. */
  databaseUnavailable: boolean;
}

declare module '@remix-run/node' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface AppLoadContext extends AulaContext {}
}

const PREFIX = randomBytes(4).toString('hex');
let counter = 0;

/** A document request (an HTML page), as opposed to a `.data` request or a resource route. */
function isDocumentRequest(url: URL) {
  return !url.pathname.endsWith('.data');
}

export function createLoadContext({ request, clientIp }: { request: Request; clientIp?: string | null }): AppLoadContext {
  counter += 1;
  const url = new URL(request.url);
  return {
    requestId: `${PREFIX}-${counter.toString(36)}`,
    clientIp: clientIp && clientIp.length <= 100 ? clientIp : 'unknown',
    nonce: randomBytes(16).toString('base64'),
    contentBodies: isDocumentRequest(url) ? new Map() : null,
    memo: new Map(),
    setCookies: [],
    signedIn: false,
    databaseUnavailable: false,
  };
}

/** Computes a value once per request (e.g. the session lookup shared by the root and page loaders). */
export function memoise<T>(context: AppLoadContext, key: symbol, make: () => T): T {
  if (context.memo.has(key)) return context.memo.get(key) as T;
  const value = make();
  context.memo.set(key, value);
  return value;
}
