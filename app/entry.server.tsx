import { Writable } from 'node:stream';
import type { AppLoadContext, EntryContext, HandleErrorFunction } from '@remix-run/node';
import { RemixServer, isRouteErrorResponse } from '@remix-run/react';
import { renderToPipeableStream } from 'react-dom/server';
import { ContentBodies } from '~/content/body';
import { NonceContext } from '~/http/nonce';
import { FallbackLocale } from '~/i18n/locale-context';
import { resolveLocale } from '~/i18n/locale.server';
import { pageMessages } from '~/i18n/page-messages.server';
import { usedMessages } from '~/i18n/dictionaries';
import { describeDatabaseError, isDatabaseUnavailable } from '~/utils/db.server';

// The production server (app/cli/serve.js) reaches the start-up layer and the HTTP handler through
// the build: one process owns the database.
export { bootstrap } from '~/startup/bootstrap.server';
export { closeDb } from '~/utils/db.server';
export { createFetchHandler } from '~/http/handler.server';
export { startBackground, stopBackground } from '~/jobs/runner.server';

const ABORT_DELAY = 5_000;

/**
 * Pages are small and their data is ready when rendering starts (loaders have run), so the whole
 * document is rendered before sending and written in one piece instead of many small chunks.
 */
export default function handleRequest(request: Request, responseStatusCode: number, responseHeaders: Headers, remixContext: EntryContext, loadContext: AppLoadContext) {
  const used = new Set<string>();
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
        resolve(new Response(pageMessages(Buffer.concat(chunks), used, remixContext), { headers: responseHeaders, status: responseStatusCode }));
        done();
      },
    });
    const { pipe, abort } = usedMessages.run(used, () =>
      renderToPipeableStream(
        <NonceContext.Provider value={loadContext.nonce}>
          <FallbackLocale.Provider value={resolveLocale(request, null)}>
            <ContentBodies.Provider value={loadContext.contentBodies}>
              <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={loadContext.nonce} />
            </ContentBodies.Provider>
          </FallbackLocale.Provider>
        </NonceContext.Provider>,
        {
          nonce: loadContext.nonce,
          onAllReady() {
            pipe(sink);
          },
          onShellError(error: unknown) {
            clearTimeout(timer);
            reject(error);
          },
          onError(error: unknown) {
            responseStatusCode = 500;
            console.error(`[error] request=${loadContext.requestId} render`, describeDatabaseError(error));
          },
        },
      ),
    );
  });
}

/**
 * Unexpected errors are logged with the request id and the path, never the query string or the
 * values of a database statement (they hold e-mails and session hashes). A database outage marks
 * the request so that the server answers with the 503 page.
 */
export const handleError: HandleErrorFunction = (error, { request, context }) => {
  if (request.signal.aborted) return;
  if (isRouteErrorResponse(error) && error.status < 500) return;
  if (isDatabaseUnavailable(error)) {
    context.databaseUnavailable = true;
    console.error(`[error] request=${context.requestId} ${request.method} ${new URL(request.url).pathname}: database non raggiungibile`);
    return;
  }
  console.error(`[error] request=${context.requestId} ${request.method} ${new URL(request.url).pathname}`, describeDatabaseError(error));
};
