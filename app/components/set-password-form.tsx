import { Form } from '@remix-run/react';
import { useT, type MessageKey } from '~/i18n/i18n';
import { Field } from './field';

/** The form shared by invitations and password resets. */
export function SetPasswordForm({ errors, withName, submit }: { errors: Record<string, string>; withName: boolean; submit: MessageKey }) {
  const t = useT();
  return (
    <Form method="post" noValidate className="aula-card">
      {withName ? <Field name="name" label={t('invite.name')} autoComplete="name" required error={errors.name} /> : null}
      <Field name="password" type="password" label={t('profile.new')} hint={t('password.policy')} autoComplete="new-password" required error={errors.password} />
      <Field name="confirm" type="password" label={t('profile.confirm')} autoComplete="new-password" required error={errors.confirm} />
      <button type="submit" className="btn btn-primary">
        {t(submit)}
      </button>
    </Form>
  );
}
