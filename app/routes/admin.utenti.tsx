import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Form, useActionData, useLoaderData } from '@remix-run/react';
import { inviteUser, listOrganisations } from '~/auth/accounts.server';
import { inviteForm } from '~/auth/forms';
import { getLocale, requireRole } from '~/auth/guards.server';
import { readForm } from '~/http/form.server';
import { parseForm } from '~/utils/parse-form';
import { useT, type MessageKey } from '~/i18n/i18n';
import { Field, FormAlert, SelectField } from '~/components/field';

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireRole({ request, context }, 'admin');
  return { organisations: await listOrganisations() };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requireRole({ request, context }, 'admin');
  const parsed = parseForm(inviteForm, await readForm({ request, context }), await getLocale({ request, context }));
  if (!parsed.data) return data({ sent: null as string | null, errors: parsed.errors }, { status: 400 });
  await inviteUser({ actorId: admin.id, email: parsed.data.email, role: parsed.data.role, organisationId: parsed.data.organisationId });
  return { sent: parsed.data.email as string | null, errors: {} as Record<string, string> };
}

const ROLES = ['learner', 'lecturer', 'coordinator', 'admin'] as const;

export default function AdminUsers() {
  const { organisations } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const errors: Record<string, string> = result?.errors ?? {};
  return (
    <div className="container my-5" style={{ maxWidth: '40rem' }}>
      <h1>{t('admin.users.title')}</h1>
      {result?.sent ? (
        <FormAlert kind="success">
          {t('admin.users.sent')} ({result.sent})
        </FormAlert>
      ) : null}
      <Form method="post" noValidate className="aula-card">
        <Field name="email" type="email" label={t('login.email')} required error={errors.email} />
        <SelectField name="role" label={t('admin.users.role')} defaultValue="learner" error={errors.role} options={ROLES.map((r) => ({ value: r, label: t(`role.${r}` as MessageKey) }))} />
        <SelectField
          name="organisationId"
          label={t('admin.users.org')}
          defaultValue=""
          error={errors.organisationId}
          options={[{ value: '', label: t('admin.users.none') }, ...organisations.map((o) => ({ value: o.id, label: o.name }))]}
        />
        <button type="submit" className="btn btn-primary">
          {t('admin.users.submit')}
        </button>
      </Form>
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: 'Utenti – Aula' }];
