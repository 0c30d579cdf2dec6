import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { changePassword } from '~/auth/accounts.server';
import { changePasswordForm } from '~/auth/forms';
import { getLocale, getSession, requireUser } from '~/auth/guards.server';
import { readForm } from '~/http/form.server';
import { parseForm } from '~/utils/parse-form';
import { translate, useT, type MessageKey } from '~/i18n/i18n';
import { Field, FormAlert } from '~/components/field';

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser({ request, context });
  return { name: user.name, email: user.email, roles: [...new Set(user.roles.map((r) => r.role))] };
}

export async function action({ request, context }: ActionFunctionArgs) {
  await requireUser({ request, context });
  const session = (await getSession({ request, context }))!;
  const locale = await getLocale({ request, context });
  const parsed = parseForm(changePasswordForm, await readForm({ request, context }), locale);
  if (!parsed.data) return data({ ok: false, errors: parsed.errors }, { status: 400 });
  const result = await changePassword({ userId: session.user.id, sessionId: session.sessionId, current: parsed.data.current, next: parsed.data.next });
  if (!result.ok) {
    if (result.reason === 'throttled') return data({ ok: false, errors: { current: translate(locale, 'error.429.generic') } }, { status: 429, headers: { 'Retry-After': '900' } });
    if (result.reason === 'wrongCurrent') return data({ ok: false, errors: { current: translate(locale, 'profile.wrongCurrent') } }, { status: 400 });
    return data({ ok: false, errors: { next: translate(locale, `form.password.${result.reason}`) } }, { status: 400 });
  }
  return { ok: true, errors: {} as Record<string, string> };
}

export default function Profile() {
  const user = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const errors: Record<string, string> = result?.errors ?? {};
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
      <h2 className="h4 mt-4">{t('profile.security')}</h2>
      <ul>
        <li>
          <Link to="/profilo/due-fattori">{t('twofactor.title')}</Link>
        </li>
        <li>
          <Link to="/profilo/sessioni">{t('sessions.title')}</Link>
        </li>
        <li>
          <Link to="/profilo/privacy">{t('privacy.title')}</Link>
        </li>
      </ul>
      <h2 className="mt-5">{t('profile.changePassword')}</h2>
      {result?.ok ? <FormAlert kind="success">{t('profile.changed')}</FormAlert> : null}
      <Form method="post" noValidate className="aula-card">
        <Field name="current" type="password" label={t('profile.current')} autoComplete="current-password" required error={errors.current} />
        <Field name="next" type="password" label={t('profile.new')} hint={t('password.policy')} autoComplete="new-password" required error={errors.next} />
        <Field name="confirm" type="password" label={t('profile.confirm')} autoComplete="new-password" required error={errors.confirm} />
        <button type="submit" className="btn btn-primary">
          {t('profile.save')}
        </button>
      </Form>
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: 'Profilo – Aula' }];

/** A 429 from the action tells the client when to retry. */
export const headers: HeadersFunction = ({ actionHeaders }) => {
  const retry = actionHeaders.get('Retry-After');
  const headers = new Headers();
  if (retry) headers.set('Retry-After', retry);
  return headers;
};
