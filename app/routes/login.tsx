import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Form, Link, useActionData, useNavigation, useSearchParams } from '@remix-run/react';
import { login } from '~/auth/accounts.server';
import { loginForm, parseForm } from '~/auth/forms';
import { getUser, safeRedirect } from '~/auth/guards.server';
import { sessionCookie } from '~/auth/session.server';
import { dbKind } from '~/utils/db.server';
import { resolveLocale } from '~/i18n/locale.server';
import { translate, useT } from '~/i18n/i18n';
import { FieldError } from '~/components/layout';

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getUser(request)) throw redirect('/corsi');
  return { demo: (await dbKind()) === 'pglite' || process.env.AULA_DEMO === 'true' };
}

export async function action({ request }: ActionFunctionArgs) {
  const locale = resolveLocale(request, null);
  const parsed = parseForm(loginForm, await request.formData());
  if (!parsed.data) return data({ errors: parsed.errors, formError: null }, { status: 400 });
  const result = await login(parsed.data);
  if (!result.ok) {
    const status = result.reason === 'throttled' ? 429 : 401;
    return data({ errors: null, formError: translate(locale, result.reason === 'throttled' ? 'login.throttled' : 'login.invalid') }, { status });
  }
  return redirect(safeRedirect(parsed.data.redirectTo), { headers: { 'Set-Cookie': sessionCookie(result.token, result.expiresAt) } });
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
      {actionData?.formError ? (
        <div className="alert alert-danger" role="alert">
          {actionData.formError}
        </div>
      ) : null}
      <Form method="post" noValidate className="aula-card mt-4">
        <input type="hidden" name="redirectTo" value={params.get('redirectTo') ?? '/corsi'} />
        <div className="mb-4">
          <label htmlFor="email" className="form-label fw-semibold">
            {t('login.email')}
          </label>
          <input id="email" name="email" type="email" autoComplete="username" required className="form-control" aria-invalid={errors.email ? true : undefined} aria-describedby={errors.email ? 'email-error' : undefined} />
          <FieldError id="email-error" error={errors.email} />
        </div>
        <div className="mb-4">
          <label htmlFor="password" className="form-label fw-semibold">
            {t('login.password')}
          </label>
          <input id="password" name="password" type="password" autoComplete="current-password" required className="form-control" aria-invalid={errors.password ? true : undefined} aria-describedby={errors.password ? 'password-error' : undefined} />
          <FieldError id="password-error" error={errors.password} />
        </div>
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
