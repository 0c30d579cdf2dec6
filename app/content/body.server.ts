import type { AppLoadContext } from '@remix-run/node';
import type { BodyRef } from './body';

declare module '@remix-run/node' {
  interface AppLoadContext {
    /** Only on HTML document requests (not `.data` ones): bodies entry.server writes into the page, by content hash. */
    contentBodies?: Map<string, string>;
  }
}

/**
 * A body for a loader's data: on a document request the HTML goes to the page (entry.server) and
 * not into the hydration payload; otherwise (client navigation, dev server) it travels in the data.
 */
export function bodyRef(context: AppLoadContext, hash: string, html: string): BodyRef {
  if (context.contentBodies) {
    context.contentBodies.set(hash, html);
    return { hash, html: null };
  }
  return { hash, html };
}
