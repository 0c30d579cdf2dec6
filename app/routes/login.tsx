import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react';
import { login } from '~/auth/accounts.server';
import { loginForm } from '~/auth/forms';
import { getLocale, getUser, safeRedirect } from '~/auth/guards.server';
import { sessionCookie } from '~/auth/session.server';
import { challengeCookie } from '~/auth/signin.server';
import { listIssuers } from '~/admin/settings.server';
import { readForm } from '~/http/form.server';
import { parseForm } from '~/utils/parse-form';
import { translate, useT } from '~/i18n/i18n';
import { Field, FormAlert } from '~/components/field';

export async function loader({ request, context }: LoaderFunctionArgs) {
  if (await getUser({ request, context })) throw redirect('/corsi');
  const issuers = await listIssuers();
  return { issuers: issuers.map((i) => ({ id: i.id, label: i.label, kind: i.kind })) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const locale = await getLocale({ request, context });
  const parsed = parseForm(loginForm, await readForm({ request, context }), locale);
  if (!parsed.data) return data({ errors: parsed.errors, formError: null }, { status: 400 });
  const result = await login({
    email: parsed.data.email,
    password: parsed.data.password,
    clientIp: context.clientIp,
    deviceCookie: request.headers.get('cookie'),
    userAgent: request.headers.get('user-agent'),
    redirectTo: safeRedirect(parsed.data.redirectTo),
  });
  if (!result.ok && result.reason === 'ssoOnly') return data({ errors: null, formError: translate(locale, 'login.ssoOnly') }, { status: 403 });
  if (!result.ok) {
    const status = result.reason === 'throttled' ? 429 : 401;
    const headers = result.reason === 'throttled' ? { 'Retry-After': String(result.retryAfterSeconds) } : undefined;
    return data(
      {
        errors: null,
        formError: translate(
          locale,
          result.reason === 'throttled' ? 'login.throttled' : 'login.invalid',
          result.reason === 'throttled' ? { minutes: Math.ceil(result.retryAfterSeconds / 60) } : undefined,
        ),
      },
      { status, headers },
    );
  }
  const headers = new Headers();
  headers.append('Set-Cookie', result.deviceCookie);
  if (result.challenge) {
    headers.append('Set-Cookie', challengeCookie(result.challenge, result.expiresAt));
    return redirect('/login/verifica', { headers });
  }
  headers.append('Set-Cookie', sessionCookie(result.token, result.expiresAt));
  return redirect(result.redirectTo, { headers });
}

/** The page's own links only: a path on this site (the server checks again with safeRedirect). */
function safeClientRedirect(to: string | null): string {
  return to && to.startsWith('/') && !to.startsWith('//') && !/[\\\u0000-\u001f]/.test(to) ? to : '/corsi';
}

export default function Login() {
  const t = useT();
  const actionData = useActionData<typeof action>();
  const { issuers } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const redirectTo = safeClientRedirect(params.get('redirectTo'));
  const spid = issuers.filter((i) => i.kind === 'spid' || i.kind === 'spid-cie');
  const cie = issuers.filter((i) => i.kind === 'cie' || i.kind === 'spid-cie');
  const generic = issuers.filter((i) => i.kind === 'generic');
  const sso = (id: string, via?: 'spid' | 'cie') => `/auth/oidc/${id}?redirectTo=${encodeURIComponent(redirectTo)}${via ? `&via=${via}` : ''}`;
  const busy = useNavigation().state === 'submitting';
  const errors = actionData?.errors ?? {};
  return (
    <div className="container my-5" style={{ maxWidth: '34rem' }}>
      <h1>{t('login.title')}</h1>
      {actionData?.formError ? <FormAlert kind="error">{actionData.formError}</FormAlert> : null}
      {spid.length || cie.length || generic.length ? (
        <section aria-labelledby="sso-title" className="mt-4">
          <h2 id="sso-title" className="h5">
            {t('login.sso.title')}
          </h2>
          <ul className="list-unstyled d-flex flex-column gap-2">
            {spid.map((i) => (
              <li key={`spid-${i.id}`}>
                {/* AgID: "Entra con SPID", blue button with the SPID mark; a link (GET) to Aula, which redirects to the broker */}
                <a className="aula-spid-button" href={sso(i.id, 'spid')}>
                  <span className="aula-spid-mark" aria-hidden="true">
                    SPID
                  </span>
                  <span>{t('login.spid')}</span>
                </a>
              </li>
            ))}
            {cie.map((i) => (
              <li key={`cie-${i.id}`}>
                <a className="aula-cie-button" href={sso(i.id, 'cie')}>
                  <span className="aula-cie-mark" aria-hidden="true">
                    CIE
                  </span>
                  <span>{t('login.cie')}</span>
                </a>
              </li>
            ))}
            {generic.map((i) => (
              <li key={i.id}>
                <a className="btn btn-outline-primary" href={sso(i.id)}>
                  {i.label}
                </a>
              </li>
            ))}
          </ul>
          <p className="small">{t('login.sso.or')}</p>
        </section>
      ) : null}
      <Form method="post" noValidate className="aula-card mt-4">
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <Field name="email" type="email" label={t('login.email')} autoComplete="username" required error={errors.email} />
        <Field name="password" type="password" label={t('login.password')} autoComplete="current-password" required error={errors.password} />
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {t('login.submit')}
        </button>
        <p className="mt-3 mb-0">
          <Link to="/password-dimenticata">{t('login.forgot')}</Link>
        </p>
      </Form>
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: 'Accedi – Aula' }];

/** A 429 from the action tells the client when to retry. */
export const headers: HeadersFunction = ({ actionHeaders }) => {
  const retry = actionHeaders.get('Retry-After');
  const headers = new Headers();
  if (retry) headers.set('Retry-After', retry);
  return headers;
};
