/** gzip for text responses (pages, data, CSV), streamed: an export is never held in memory to compress it. */
const COMPRESSIBLE = /^(text\/|application\/(json|javascript|xml|ld\+json|vc\+jwt)|text\/x-script)/;

export function compress(request: Request, response: Response): Response {
  if (request.method === 'HEAD' || !response.body || response.status < 200 || response.status === 204 || response.status === 304) return response;
  if (!/\bgzip\b/.test(request.headers.get('accept-encoding') ?? '')) return response;
  if (response.headers.has('content-encoding')) return response;
  const type = response.headers.get('content-type') ?? '';
  if (!COMPRESSIBLE.test(type)) return response;
  const length = Number(response.headers.get('content-length') ?? NaN);
  if (Number.isFinite(length) && length < 1024) return response;
  const headers = new Headers(response.headers);
  headers.delete('content-length');
  headers.set('content-encoding', 'gzip');
  headers.append('vary', 'Accept-Encoding');
  return new Response(response.body.pipeThrough(new CompressionStream('gzip')), { status: response.status, statusText: response.statusText, headers });
}
