import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import { isResetTokenValid, resetPassword } from '~/auth/accounts.server';
import { setPasswordForm } from '~/auth/forms';
import { getLocale } from '~/auth/guards.server';
import { sessionCookie } from '~/auth/session.server';
import { readForm } from '~/http/form.server';
import { parseForm } from '~/utils/parse-form';
import { translate, useT } from '~/i18n/i18n';
import { FormAlert } from '~/components/field';
import { SetPasswordForm } from '~/components/set-password-form';

export async function loader({ params }: LoaderFunctionArgs) {
  return { valid: await isResetTokenValid(params.token!) };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const locale = await getLocale({ request, context });
  const parsed = parseForm(setPasswordForm, await readForm({ request, context }), locale);
  if (!parsed.data) return data({ errors: parsed.errors, invalid: false }, { status: 400 });
  const result = await resetPassword({ token: params.token!, password: parsed.data.password });
  if (!result.ok) {
    if (result.reason === 'invalid') return data({ errors: {} as Record<string, string>, invalid: true }, { status: 400 });
    return data({ errors: { password: translate(locale, `form.password.${result.reason}`) }, invalid: false }, { status: 400 });
  }
  if (!result.token) return redirect('/login');
  return redirect('/corsi', { headers: { 'Set-Cookie': sessionCookie(result.token, result.expiresAt) } });
}

export default function ResetPassword() {
  const { valid } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  return (
    <div className="container my-5" style={{ maxWidth: '34rem' }}>
      <h1>{t('reset.title')}</h1>
      {!valid || result?.invalid ? <FormAlert kind="error">{t('reset.invalid')}</FormAlert> : <SetPasswordForm errors={result?.errors ?? {}} withName={false} submit="reset.submit" />}
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: 'Nuova password – Aula' }];
