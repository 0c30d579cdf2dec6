import { Form } from '@remix-run/react';
import { useT, type MessageKey } from '~/i18n/i18n';
import { FieldError } from './layout';

/** The form shared by invitations and password resets. */
export function SetPasswordForm({ errors, withName, submit }: { errors: Record<string, string>; withName: boolean; submit: MessageKey }) {
  const t = useT();
  const input = (name: string, label: MessageKey, type: string, auto: string) => (
    <div className="mb-4">
      <label htmlFor={name} className="form-label fw-semibold">
        {t(label)}
      </label>
      <input id={name} name={name} type={type} autoComplete={auto} required className="form-control" aria-invalid={errors[name] ? true : undefined} aria-describedby={errors[name] ? `${name}-error` : undefined} />
      <FieldError id={`${name}-error`} error={errors[name]} />
    </div>
  );
  return (
    <Form method="post" noValidate className="aula-card">
      {withName ? input('name', 'invite.name', 'text', 'name') : null}
      {input('password', 'profile.new', 'password', 'new-password')}
      {input('confirm', 'profile.confirm', 'password', 'new-password')}
      <button type="submit" className="btn btn-primary">
        {t(submit)}
      </button>
    </Form>
  );
}
