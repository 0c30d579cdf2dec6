import { Writable } from 'node:stream';
import type { AppLoadContext, EntryContext } from '@remix-run/node';
import { RemixServer, isRouteErrorResponse } from '@remix-run/react';
import { renderToPipeableStream } from 'react-dom/server';
import { bootstrap } from '~/startup/bootstrap.server';
import { closeDb } from '~/utils/db.server';
import { ContentBodies } from '~/content/body';
import { newRequestId, REQUEST_ID_HEADER } from '~/auth/request-id.server';

// Used by the production server (app/cli/serve.js) through build.entry.module.
export { bootstrap, closeDb, newRequestId, REQUEST_ID_HEADER };

const ABORT_DELAY = 5_000;

/**
 * Pages are small and their data is ready when rendering starts (loaders have run), so the whole
 * document is rendered before sending and written in one piece instead of many small chunks.
 */
export default function handleRequest(request: Request, responseStatusCode: number, responseHeaders: Headers, remixContext: EntryContext, loadContext: AppLoadContext) {
  return new Promise<Response>((resolve, reject) => {
    const chunks: Buffer[] = [];
    // Cleared as soon as the document is complete: a pending timer would keep the whole render alive.
    const timer = setTimeout(() => abort(), ABORT_DELAY);
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        chunks.push(chunk);
        done();
      },
      final(done) {
        clearTimeout(timer);
        responseHeaders.set('Content-Type', 'text/html; charset=utf-8');
        responseHeaders.set('X-Content-Type-Options', 'nosniff');
        responseHeaders.set('Referrer-Policy', 'same-origin');
        responseHeaders.set('X-Frame-Options', 'DENY');
        resolve(new Response(Buffer.concat(chunks), { headers: responseHeaders, status: responseStatusCode }));
        done();
      },
    });
    const { pipe, abort } = renderToPipeableStream(
      <ContentBodies.Provider value={loadContext.contentBodies ?? null}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} />
      </ContentBodies.Provider>,
      {
        onAllReady() {
          pipe(sink);
        },
        onShellError(error: unknown) {
          clearTimeout(timer);
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          console.error(error);
        },
      }
    );
  });
}

export function handleError(error: unknown, { request }: { request: Request }) {
  if (request.signal.aborted) return;
  // Expected errors (404 and friends) are thrown Responses rendered by the error boundary.
  if (isRouteErrorResponse(error) && error.status < 500) return;
  const id = request.headers.get('x-request-id') ?? '-';
  console.error(`[error] request=${id} ${request.method} ${new URL(request.url).pathname}`, error);
}
