import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Form, useActionData, useLoaderData } from '@remix-run/react';
import { changePassword } from '~/auth/accounts.server';
import { changePasswordForm, parseForm } from '~/auth/forms';
import { getSession, requireUser } from '~/auth/guards.server';
import { resolveLocale } from '~/i18n/locale.server';
import { translate, useT, type MessageKey } from '~/i18n/i18n';
import { FieldError } from '~/components/layout';

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return { name: user.name, email: user.email, roles: [...new Set(user.roles.map((r) => r.role))] };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const session = (await getSession(request))!;
  const locale = resolveLocale(request, user.locale);
  const parsed = parseForm(changePasswordForm, await request.formData());
  if (!parsed.data) return data({ ok: false, errors: parsed.errors }, { status: 400 });
  const result = await changePassword({ userId: user.id, sessionId: session.sessionId, current: parsed.data.current, next: parsed.data.next });
  if (!result.ok) return data({ ok: false, errors: { current: translate(locale, 'profile.wrongCurrent') } }, { status: 400 });
  return { ok: true, errors: {} as Record<string, string> };
}

export default function Profile() {
  const user = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const errors: Record<string, string> = result?.errors ?? {};
  const field = (name: 'current' | 'next' | 'confirm', label: MessageKey, auto: string) => (
    <div className="mb-4">
      <label htmlFor={name} className="form-label fw-semibold">
        {t(label)}
      </label>
      <input id={name} name={name} type="password" autoComplete={auto} required className="form-control" aria-invalid={errors[name] ? true : undefined} aria-describedby={errors[name] ? `${name}-error` : undefined} />
      <FieldError id={`${name}-error`} error={errors[name]} />
    </div>
  );
  return (
    <div className="container my-5" style={{ maxWidth: '40rem' }}>
      <h1>{t('profile.title')}</h1>
      <dl>
        <dt>{t('invite.name')}</dt>
        <dd>{user.name}</dd>
        <dt>{t('login.email')}</dt>
        <dd>{user.email}</dd>
        <dt>{t('profile.roles')}</dt>
        <dd>{user.roles.map((r) => t(`role.${r}` as MessageKey)).join(', ')}</dd>
      </dl>
      <h2 className="mt-5">{t('profile.changePassword')}</h2>
      {result?.ok ? (
        <div className="alert alert-success" role="status">
          {t('profile.changed')}
        </div>
      ) : null}
      <Form method="post" noValidate className="aula-card">
        {field('current', 'profile.current', 'current-password')}
        {field('next', 'profile.new', 'new-password')}
        {field('confirm', 'profile.confirm', 'new-password')}
        <button type="submit" className="btn btn-primary">
          {t('profile.save')}
        </button>
      </Form>
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: 'Profilo – Aula' }];
