import type { ActionFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Form, useActionData } from '@remix-run/react';
import { requestPasswordReset } from '~/auth/accounts.server';
import { forgotForm, parseForm } from '~/auth/forms';
import { useT } from '~/i18n/i18n';
import { FieldError } from '~/components/layout';

export async function action({ request }: ActionFunctionArgs) {
  const parsed = parseForm(forgotForm, await request.formData());
  if (!parsed.data) return data({ sent: false, errors: parsed.errors }, { status: 400 });
  await requestPasswordReset({ email: parsed.data.email });
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
        <div className="alert alert-success" role="status">
          {t('forgot.sent')}
        </div>
      ) : (
        <Form method="post" noValidate className="aula-card">
          <div className="mb-4">
            <label htmlFor="email" className="form-label fw-semibold">
              {t('login.email')}
            </label>
            <input id="email" name="email" type="email" autoComplete="email" required className="form-control" aria-invalid={errors.email ? true : undefined} aria-describedby={errors.email ? 'email-error' : undefined} />
            <FieldError id="email-error" error={errors.email} />
          </div>
          <button type="submit" className="btn btn-primary">
            {t('forgot.submit')}
          </button>
        </Form>
      )}
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: 'Password dimenticata – Aula' }];
