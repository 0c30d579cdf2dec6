import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Form, Link, useActionData, useNavigation, useSearchParams } from '@remix-run/react';
import { login } from '~/auth/accounts.server';
import { loginForm } from '~/auth/forms';
import { getLocale, getUser, safeRedirect } from '~/auth/guards.server';
import { sessionCookie } from '~/auth/session.server';
import { readForm } from '~/http/form.server';
import { parseForm } from '~/utils/parse-form';
import { translate, useT } from '~/i18n/i18n';
import { Field, FormAlert } from '~/components/field';

export async function loader({ request, context }: LoaderFunctionArgs) {
  if (await getUser({ request, context })) throw redirect('/corsi');
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const locale = await getLocale({ request, context });
  const parsed = parseForm(loginForm, await readForm({ request, context }), locale);
  if (!parsed.data) return data({ errors: parsed.errors, formError: null }, { status: 400 });
  const result = await login({ email: parsed.data.email, password: parsed.data.password, clientIp: context.clientIp, deviceCookie: request.headers.get('cookie') });
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
  headers.append('Set-Cookie', sessionCookie(result.token, result.expiresAt));
  headers.append('Set-Cookie', result.deviceCookie);
  return redirect(safeRedirect(parsed.data.redirectTo), { headers });
}

export default function Login() {
  const t = useT();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const busy = useNavigation().state === 'submitting';
  const errors = actionData?.errors ?? {};
  return (
    <div className="container my-5" style={{ maxWidth: '34rem' }}>
      <h1>{t('login.title')}</h1>
      {actionData?.formError ? <FormAlert kind="error">{actionData.formError}</FormAlert> : null}
      <Form method="post" noValidate className="aula-card mt-4">
        <input type="hidden" name="redirectTo" value={params.get('redirectTo') ?? '/corsi'} />
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
