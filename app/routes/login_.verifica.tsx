import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Form, Link, useActionData } from '@remix-run/react';
import { codeForm } from '~/auth/forms';
import { getLocale, getUser, safeRedirect } from '~/auth/guards.server';
import { readCookie, sessionCookie } from '~/auth/session.server';
import { MFA_COOKIE, clearChallengeCookie, completeChallenge, isChallengeValid } from '~/auth/signin.server';
import { readForm } from '~/http/form.server';
import { parseForm } from '~/utils/parse-form';
import { translate, useT } from '~/i18n/i18n';
import { Field, FormAlert } from '~/components/field';

/** The second step of a sign-in: only with the challenge cookie of a first step that just passed. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  if (await getUser({ request, context })) throw redirect('/corsi');
  if (!(await isChallengeValid(readCookie(request, MFA_COOKIE)))) throw redirect('/login');
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const locale = await getLocale({ request, context });
  const challenge = readCookie(request, MFA_COOKIE);
  if (!challenge) throw redirect('/login');
  const parsed = parseForm(codeForm, await readForm({ request, context }), locale);
  if (!parsed.data) return data({ errors: parsed.errors, formError: null as string | null }, { status: 400 });
  const result = await completeChallenge({ challenge, code: parsed.data.code, userAgent: request.headers.get('user-agent'), clientIp: context.clientIp });
  if (!result.ok) {
    if (result.reason === 'expired' || result.reason === 'notEnrolled') throw redirect('/login', { headers: { 'Set-Cookie': clearChallengeCookie() } });
    const throttled = result.reason === 'throttled';
    return data(
      { errors: { code: translate(locale, throttled ? 'twofactor.throttled' : 'twofactor.invalid', { minutes: Math.ceil((result.retryAfterSeconds ?? 900) / 60) }) }, formError: null },
      { status: throttled ? 429 : 400, headers: throttled ? { 'Retry-After': String(result.retryAfterSeconds ?? 900) } : undefined },
    );
  }
  const headers = new Headers();
  headers.append('Set-Cookie', clearChallengeCookie());
  headers.append('Set-Cookie', sessionCookie(result.token, result.expiresAt));
  return redirect(safeRedirect(result.redirectTo), { headers });
}

export default function VerifyCode() {
  const t = useT();
  const result = useActionData<typeof action>();
  const errors: Record<string, string> = result?.errors ?? {};
  return (
    <div className="container my-5" style={{ maxWidth: '34rem' }}>
      <h1>{t('twofactor.verify.title')}</h1>
      {result?.formError ? <FormAlert kind="error">{result.formError}</FormAlert> : null}
      <p>{t('twofactor.verify.lead')}</p>
      <Form method="post" noValidate className="aula-card">
        <Field name="code" label={t('twofactor.code')} hint={t('twofactor.code.hint')} autoComplete="one-time-code" inputMode="text" required error={errors.code} />
        <button type="submit" className="btn btn-primary">
          {t('twofactor.verify.submit')}
        </button>
      </Form>
      <p className="mt-3">
        <Link to="/login">{t('twofactor.verify.restart')}</Link>
      </p>
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: 'Verifica in due passaggi – Aula' }];
