import type { ActionFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Form, useActionData } from '@remix-run/react';
import { requestPasswordReset } from '~/auth/accounts.server';
import { forgotForm } from '~/auth/forms';
import { getLocale } from '~/auth/guards.server';
import { readForm } from '~/http/form.server';
import { parseForm } from '~/utils/parse-form';
import { useT } from '~/i18n/i18n';
import { Field, FormAlert } from '~/components/field';

export async function action({ request, context }: ActionFunctionArgs) {
  const locale = await getLocale({ request, context });
  const parsed = parseForm(forgotForm, await readForm({ request, context }), locale);
  if (!parsed.data) return data({ sent: false, errors: parsed.errors }, { status: 400 });
  // The same answer, at the same speed, whether or not the address exists (the work goes on after it).
  void requestPasswordReset({ email: parsed.data.email, clientIp: context.clientIp, locale });
  return { sent: true, errors: {} as Record<string, string> };
}

export default function Forgot() {
  const t = useT();
  const result = useActionData<typeof action>();
  const errors: Record<string, string> = result?.errors ?? {};
  return (
    <div className="container my-5" style={{ maxWidth: '34rem' }}>
      <h1>{t('forgot.title')}</h1>
      <p>{t('forgot.lead')}</p>
      {result?.sent ? (
        <FormAlert kind="success">{t('forgot.sent')}</FormAlert>
      ) : (
        <Form method="post" noValidate className="aula-card">
          <Field name="email" type="email" label={t('login.email')} autoComplete="email" required error={errors.email} />
          <button type="submit" className="btn btn-primary">
            {t('forgot.submit')}
          </button>
        </Form>
      )}
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: 'Password dimenticata – Aula' }];
