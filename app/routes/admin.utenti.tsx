import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Form, useActionData, useLoaderData } from '@remix-run/react';
import { inviteUser, listOrganisations } from '~/auth/accounts.server';
import { inviteForm, parseForm } from '~/auth/forms';
import { requireRole } from '~/auth/guards.server';
import { useT, type MessageKey } from '~/i18n/i18n';
import { FieldError } from '~/components/layout';

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, 'admin');
  return { organisations: await listOrganisations() };
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireRole(request, 'admin');
  const parsed = parseForm(inviteForm, await request.formData());
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
        <div className="alert alert-success" role="status">
          {t('admin.users.sent')} ({result.sent})
        </div>
      ) : null}
      <Form method="post" noValidate className="aula-card">
        <div className="mb-4">
          <label htmlFor="email" className="form-label fw-semibold">
            {t('login.email')}
          </label>
          <input id="email" name="email" type="email" required className="form-control" aria-invalid={errors.email ? true : undefined} aria-describedby={errors.email ? 'email-error' : undefined} />
          <FieldError id="email-error" error={errors.email} />
        </div>
        <div className="mb-4">
          <label htmlFor="role" className="form-label fw-semibold">
            {t('admin.users.role')}
          </label>
          <select id="role" name="role" className="form-select" defaultValue="learner" aria-describedby={errors.role ? 'role-error' : undefined}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {t(`role.${r}` as MessageKey)}
              </option>
            ))}
          </select>
          <FieldError id="role-error" error={errors.role} />
        </div>
        <div className="mb-4">
          <label htmlFor="organisationId" className="form-label fw-semibold">
            {t('admin.users.org')}
          </label>
          <select id="organisationId" name="organisationId" className="form-select" defaultValue="">
            <option value="">{t('admin.users.none')}</option>
            {organisations.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="btn btn-primary">
          {t('admin.users.submit')}
        </button>
      </Form>
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: 'Utenti – Aula' }];
