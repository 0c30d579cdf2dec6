import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Link, useActionData, useLoaderData } from '@remix-run/react';
import { acceptInvite, describeInvite } from '~/auth/accounts.server';
import { setPasswordForm } from '~/auth/forms';
import { getLocale } from '~/auth/guards.server';
import { sessionCookie } from '~/auth/session.server';
import { readForm } from '~/http/form.server';
import { parseForm } from '~/utils/parse-form';
import { translate, useT } from '~/i18n/i18n';
import { FormAlert } from '~/components/field';
import { SetPasswordForm } from '~/components/set-password-form';

export async function loader({ params }: LoaderFunctionArgs) {
  return { invite: await describeInvite(params.token!) };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const locale = await getLocale({ request, context });
  const parsed = parseForm(setPasswordForm, await readForm({ request, context }), locale);
  if (!parsed.data) return data({ errors: parsed.errors, invalid: false, accountExists: false }, { status: 400 });
  if (!parsed.data.name) return data({ errors: { name: translate(locale, 'form.name.required') }, invalid: false, accountExists: false }, { status: 400 });
  const result = await acceptInvite({ token: params.token!, name: parsed.data.name, password: parsed.data.password });
  if (!result.ok) {
    if (result.reason === 'invalid') return data({ errors: {} as Record<string, string>, invalid: true, accountExists: false }, { status: 400 });
    if (result.reason === 'accountExists') return data({ errors: {} as Record<string, string>, invalid: false, accountExists: true }, { status: 409 });
    return data({ errors: { password: translate(locale, `form.password.${result.reason}`) }, invalid: false, accountExists: false }, { status: 400 });
  }
  return redirect('/corsi', { headers: { 'Set-Cookie': sessionCookie(result.token, result.expiresAt) } });
}

export default function Invitation() {
  const { invite } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const exists = result?.accountExists || invite?.hasAccount;
  return (
    <div className="container my-5" style={{ maxWidth: '34rem' }}>
      <h1>{t('invite.title')}</h1>
      {!invite || result?.invalid ? (
        <FormAlert kind="error">{t('invite.invalid')}</FormAlert>
      ) : exists ? (
        <>
          <FormAlert kind="error">{t('invite.accountExists')}</FormAlert>
          <p>
            <Link to="/password-dimenticata">{t('login.forgot')}</Link>
          </p>
        </>
      ) : (
        <>
          <p>
            {t('login.email')}: <strong>{invite.email}</strong>
          </p>
          <SetPasswordForm errors={result?.errors ?? {}} withName submit="invite.submit" />
        </>
      )}
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: 'Invito – Aula' }];
