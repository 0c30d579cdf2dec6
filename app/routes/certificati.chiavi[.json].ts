import { getPublicJwks } from '~/certificates/keys.server';

/** `/certificati/chiavi.json`: the public Ed25519 key(s) as a JWKS, to verify certificates and badges offline. */
export async function loader() {
  return Response.json(await getPublicJwks(), {
    headers: { 'Cache-Control': 'public, max-age=300', 'Access-Control-Allow-Origin': '*', 'Content-Type': 'application/jwk-set+json; charset=utf-8' },
  });
}
