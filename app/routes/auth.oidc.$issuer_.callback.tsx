import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { getLocale, safeRedirect } from '~/auth/guards.server';
import { OIDC_COOKIE, clearOidcCookie, finishOidcLogin } from '~/auth/oidc.server';
import { readCookie, sessionCookie } from '~/auth/session.server';
import { challengeCookie } from '~/auth/signin.server';
import { translate, useT, type MessageKey } from '~/i18n/i18n';
import { FormAlert } from '~/components/field';

/** The provider sends the browser back here. Every refusal answers in Italian and changes nothing. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const result = await finishOidcLogin({
    issuerId: params.issuer!,
    callbackParams: url.searchParams,
    cookieState: readCookie(request, OIDC_COOKIE),
    userAgent: request.headers.get('user-agent'),
    clientIp: context.clientIp,
  });
  const headers = new Headers();
  headers.append('Set-Cookie', clearOidcCookie());
  if (!result.ok) {
    const locale = await getLocale({ request, context });
    const status = result.reason === 'noAccount' || result.reason === 'disabled' || result.reason === 'noEmail' ? 403 : 400;
    return data({ reason: result.reason, message: translate(locale, `sso.refused.${result.reason}` as MessageKey) }, { status, headers });
  }
  if (result.kind === 'challenge') {
    headers.append('Set-Cookie', challengeCookie(result.challenge, result.expiresAt));
    return redirect('/login/verifica', { headers });
  }
  headers.append('Set-Cookie', sessionCookie(result.token, result.expiresAt));
  return redirect(safeRedirect(result.redirectTo), { headers });
}

export default function OidcRefused() {
  const { message, reason } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div className="container my-5" style={{ maxWidth: '40rem' }}>
      <h1>{t('sso.refused.title')}</h1>
      <FormAlert kind="error">
        <span data-reason={reason}>{message}</span>
      </FormAlert>
      <p>
        <Link to="/login">{t('sso.refused.back')}</Link>
      </p>
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: 'Accesso non riuscito – Aula' }];
