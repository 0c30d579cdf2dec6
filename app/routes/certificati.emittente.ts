import { getIssuerProfile } from '~/certificates/read.server';

/** `/certificati/emittente`: the issuer profile (Open Badges 3.0 `Profile`) that badges point to. */
export async function loader() {
  return Response.json(await getIssuerProfile(), {
    headers: { 'Cache-Control': 'public, max-age=300', 'Access-Control-Allow-Origin': '*', 'Content-Type': 'application/ld+json; charset=utf-8' },
  });
}
