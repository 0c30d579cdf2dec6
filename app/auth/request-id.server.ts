/**
 * An id for each HTTP request, set by the production server (app/cli/serve.js) on an internal
 * header it always overwrites. The loaders of one request use it to share their session lookup.
 * Ids carry a random per-process prefix, so a header sent by a client (e.g. to the dev server,
 * which does not overwrite it) is never trusted.
 */
import { randomBytes } from 'node:crypto';

export const REQUEST_ID_HEADER = 'x-aula-request';
const PREFIX = `${randomBytes(12).toString('hex')}.`;
let counter = 0;

export function newRequestId(): string {
  counter += 1;
  return `${PREFIX}${counter}`;
}

/** The request's id when this process issued it, otherwise null. */
export function trustedRequestId(request: Request): string | null {
  const id = request.headers.get(REQUEST_ID_HEADER);
  return id && id.startsWith(PREFIX) ? id : null;
}
