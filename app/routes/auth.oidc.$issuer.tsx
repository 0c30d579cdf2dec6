import type { LoaderFunctionArgs } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { safeRedirect } from '~/auth/guards.server';
import { oidcCookie, startOidcLogin } from '~/auth/oidc.server';
import { httpError } from '~/http/errors.server';

/**
 * Starts a single sign-on: a plain link (GET) leads here and Aula redirects to the provider. (A form
 * post could not: the CSP's form-action 'self' also covers redirects after a post in Chromium.)
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const via = url.searchParams.get('via');
  const result = await startOidcLogin({
    issuerId: params.issuer!,
    redirectTo: safeRedirect(url.searchParams.get('redirectTo')),
    via: via === 'spid' || via === 'cie' ? via : undefined,
  });
  if (!result.ok) throw httpError(result.reason === 'unknownIssuer' ? 404 : 503, result.reason === 'unknownIssuer' ? 'error.404' : 'sso.unavailable');
  return redirect(result.url, { headers: { 'Set-Cookie': oidcCookie(result.state), 'Cache-Control': 'no-store' } });
}
