import type { LoaderFunctionArgs } from '@remix-run/node';
import { requireUser } from '~/auth/guards.server';
import { getOwnedBadge } from '~/certificates/read.server';
import { resourceError } from '~/http/errors.server';

/**
 * `/certificati/<code>/badge`: the certificate as an Open Badges 3.0 credential (a W3C Verifiable
 * Credential secured as a JWT, EdDSA with the certificate key), for its owner only.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireUser({ request, context });
  const badge = await getOwnedBadge({ userId: user.id, code: params.code ?? '' });
  if (badge.status === 'not-found') throw resourceError(request, 404, 'error.notFound.certificate');
  if (badge.status === 'revoked') throw resourceError(request, 410, 'error.gone.badge');
  return new Response(badge.jwt, {
    headers: {
      'Content-Type': 'application/vc+jwt',
      'Content-Disposition': `attachment; filename="attestato-${badge.code}.jwt"`,
      'Cache-Control': 'private, no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  });
}
