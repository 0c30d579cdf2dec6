import type { LoaderFunctionArgs } from '@remix-run/node';
import { statusListCredential } from '~/certificates/status-list.server';
import { resourceError } from '~/http/errors.server';

/**
 * `/certificati/stato/1`: the public revocation status list (W3C Bitstring Status List) as a signed
 * vc+jwt; with `Accept: application/json`, the same credential unsigned, for reading.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  if (params.list !== '1') throw resourceError(request, 404);
  const { jwt, credential } = await statusListCredential();
  const headers = { 'Cache-Control': 'public, max-age=60', 'Access-Control-Allow-Origin': '*', 'X-Robots-Tag': 'noindex' };
  if ((request.headers.get('accept') ?? '').includes('application/json')) return Response.json(credential, { headers });
  return new Response(jwt, { headers: { ...headers, 'Content-Type': 'application/vc+jwt' } });
}
