/**
 * The rendered body of a module or card (HTML made once per content hash on the server).
 *
 * On a document request the body is written into the page once and left out of the hydration
 * payload: during hydration the browser reads it back from the page. Client-side navigations get
 * it in the route data. This halves the bytes of a module page and the server's work on them.
 */
import { createContext, useContext } from 'react';

/** The bodies of this document request, by content hash: provided by entry.server. */
export const ContentBodies = createContext<Map<string, string> | null>(null);

/** What a loader returns for a body: its hash, and its HTML unless the page carries it already. */
export interface BodyRef {
  hash: string;
  html: string | null;
}

// In the browser: the HTML of each body already shown, so re-renders hand React the same string.
const shown = new Map<string, string>();

export function ContentBody({ body, className }: { body: BodyRef; className: string }) {
  const server = useContext(ContentBodies);
  let html = body.html ?? server?.get(body.hash) ?? null;
  if (typeof document !== 'undefined') {
    const known = shown.get(body.hash);
    if (known !== undefined) html = known;
    else {
      html ??= document.querySelector(`[data-content-hash="${body.hash}"]`)?.innerHTML ?? '';
      shown.set(body.hash, html);
    }
  }
  return <article className={className} lang="it" data-content-hash={body.hash} dangerouslySetInnerHTML={{ __html: html ?? '' }} />;
}
