import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import { acceptInvite, describeInvite } from '~/auth/accounts.server';
import { parseForm, setPasswordForm } from '~/auth/forms';
import { sessionCookie } from '~/auth/session.server';
import { useT } from '~/i18n/i18n';
import { SetPasswordForm } from '~/components/set-password-form';

export async function loader({ params }: LoaderFunctionArgs) {
  return { invite: await describeInvite(params.token!) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const parsed = parseForm(setPasswordForm, await request.formData());
  if (!parsed.data) return data({ errors: parsed.errors, invalid: false }, { status: 400 });
  if (!parsed.data.name) return data({ errors: { name: 'Inserisci nome e cognome.' }, invalid: false }, { status: 400 });
  const session = await acceptInvite({ token: params.token!, name: parsed.data.name, password: parsed.data.password });
  if (!session) return data({ errors: {} as Record<string, string>, invalid: true }, { status: 400 });
  return redirect('/corsi', { headers: { 'Set-Cookie': sessionCookie(session.token, session.expiresAt) } });
}

export default function Invitation() {
  const { invite } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  return (
    <div className="container my-5" style={{ maxWidth: '34rem' }}>
      <h1>{t('invite.title')}</h1>
      {!invite || result?.invalid ? (
        <div className="alert alert-danger" role="alert">
          {t('invite.invalid')}
        </div>
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
