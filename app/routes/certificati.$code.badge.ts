import type { LoaderFunctionArgs } from '@remix-run/node';
import { requireUser } from '~/auth/guards.server';
import { getOwnedBadge } from '~/certificates/certificates.server';

/**
 * `/certificati/<code>/badge`: the certificate as an Open Badges 3.0 credential (a W3C Verifiable
 * Credential secured as a JWT, EdDSA with the certificate key), for its owner only.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const badge = await getOwnedBadge({ userId: user.id, code: params.code ?? '' });
  const text = { 'Content-Type': 'text/plain; charset=utf-8' };
  if (badge.status === 'not-found') throw new Response('Attestato non trovato.', { status: 404, headers: text });
  if (badge.status === 'revoked') throw new Response('L’attestato è stato revocato: il badge non è più disponibile.', { status: 410, headers: text });
  return new Response(badge.jwt, {
    headers: {
      'Content-Type': 'application/vc+jwt',
      'Content-Disposition': `attachment; filename="attestato-${badge.code}.jwt"`,
      'Cache-Control': 'private, no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  });
}
