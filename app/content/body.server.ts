import type { AppLoadContext } from '@remix-run/node';
import type { BodyRef } from './body';

/**
 * A body for a loader's data. On a document request (the request context has `contentBodies`) the
 * HTML goes into the page once, written by entry.server, and not into the hydration payload;
 * otherwise (a client-side navigation's `.data` request) it travels in the data.
 */
export function bodyRef(context: AppLoadContext, hash: string, html: string): BodyRef {
  if (context.contentBodies) {
    context.contentBodies.set(hash, html);
    return { hash, html: null };
  }
  return { hash, html };
}
