import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { inviteUser } from '~/auth/accounts.server';
import { inviteForm } from '~/auth/forms';
import { getLocale, requireRole } from '~/auth/guards.server';
import { invitationActionForm, userFiltersForm } from '~/admin/forms';
import { listActiveOrganisations } from '~/admin/organisations.server';
import { cancelInvitation, listPendingInvitations, listUsers, resendInvitation } from '~/admin/users.server';
import { readForm } from '~/http/form.server';
import { parseForm } from '~/utils/parse-form';
import { useI18n, type MessageKey } from '~/i18n/i18n';
import { Field, FormAlert, SelectField } from '~/components/field';

function searchForm(url: URL) {
  const form = new FormData();
  for (const [k, v] of url.searchParams) form.append(k, v);
  return form;
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireRole({ request, context }, 'admin');
  const url = new URL(request.url);
  const parsed = parseForm(userFiltersForm, searchForm(url), await getLocale({ request, context }));
  const filters = parsed.data ?? {};
  const [list, organisations, invitations] = await Promise.all([listUsers(filters), listActiveOrganisations(), listPendingInvitations()]);
  return {
    filters,
    ...list,
    users: list.users.map((u) => ({ ...u, disabledAt: u.disabledAt?.toISOString() ?? null, erasedAt: u.erasedAt?.toISOString() ?? null, lastSignInAt: u.lastSignInAt?.toISOString() ?? null })),
    organisations,
    invitations: invitations.map((i) => ({ ...i, expiresAt: i.expiresAt.toISOString(), expired: i.expiresAt.getTime() < Date.now(), createdAt: i.createdAt.toISOString() })),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requireRole({ request, context }, 'admin');
  const locale = await getLocale({ request, context });
  const form = await readForm({ request, context });
  if (form.get('intent') === 'resend' || form.get('intent') === 'cancel') {
    const parsed = parseForm(invitationActionForm, form, locale);
    if (!parsed.data) return data({ sent: null as string | null, done: null as string | null, errors: parsed.errors }, { status: 400 });
    const result = parsed.data.intent === 'resend' ? await resendInvitation({ actorId: admin.id, ref: parsed.data.ref, locale }) : await cancelInvitation({ actorId: admin.id, ref: parsed.data.ref });
    if (!result.ok) return data({ sent: null, done: null, errors: { form: 'admin.users.invitation.gone' } as Record<string, string> }, { status: 409 });
    return { sent: null, done: parsed.data.intent as string | null, errors: {} as Record<string, string> };
  }
  const parsed = parseForm(inviteForm, form, locale);
  if (!parsed.data) return data({ sent: null as string | null, done: null, errors: parsed.errors }, { status: 400 });
  await inviteUser({ actorId: admin.id, email: parsed.data.email, role: parsed.data.role, organisationId: parsed.data.organisationId });
  return { sent: parsed.data.email as string | null, done: null, errors: {} as Record<string, string> };
}

const ROLES = ['learner', 'lecturer', 'coordinator', 'admin', 'operatore', 'revisore'] as const;

export default function AdminUsers() {
  const { users, total, page, hasNext, filters, organisations, invitations } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, date, dateTime, plural } = useI18n();
  const errors: Record<string, string> = result?.errors ?? {};
  const orgOptions = [{ value: '', label: t('admin.users.filter.any') }, ...organisations.map((o) => ({ value: o.id, label: o.name }))];
  const pageLink = (p: number) => {
    const params = new URLSearchParams(Object.entries(filters).filter(([, v]) => v !== undefined && v !== '') as Array<[string, string]>);
    params.set('page', String(p));
    return `?${params.toString()}`;
  };
  return (
    <div className="container my-5">
      <p>
        <Link to="/admin">{t('admin.back')}</Link>
      </p>
      <h1>{t('admin.users.title')}</h1>
      <section aria-labelledby="list-title">
        <h2 id="list-title" className="h3">
          {t('admin.users.list')}
        </h2>
        <Form method="get" className="aula-card row g-3 align-items-end mb-3">
          <div className="col-md-4">
            <Field name="q" type="search" label={t('admin.users.filter.q')} defaultValue={filters.q ?? ''} className="mb-0" />
          </div>
          <div className="col-md-2">
            <SelectField
              name="role"
              label={t('admin.users.role')}
              defaultValue={filters.role ?? ''}
              className="mb-0"
              options={[{ value: '', label: t('admin.users.filter.any') }, ...ROLES.map((r) => ({ value: r, label: t(`role.${r}` as MessageKey) }))]}
            />
          </div>
          <div className="col-md-2">
            <SelectField name="organisationId" label={t('admin.users.org')} defaultValue={filters.organisationId ?? ''} className="mb-0" options={orgOptions} />
          </div>
          <div className="col-md-2">
            <SelectField
              name="status"
              label={t('admin.users.status')}
              defaultValue={filters.status ?? ''}
              className="mb-0"
              options={[
                { value: '', label: t('admin.users.filter.any') },
                { value: 'active', label: t('admin.users.status.active') },
                { value: 'disabled', label: t('admin.users.status.disabled') },
                { value: 'erased', label: t('admin.users.status.erased') },
              ]}
            />
          </div>
          <div className="col-md-2">
            <SelectField
              name="lastSignIn"
              label={t('admin.users.lastSignIn')}
              defaultValue={filters.lastSignIn ?? ''}
              className="mb-0"
              options={[
                { value: '', label: t('admin.users.filter.any') },
                { value: '30', label: t('admin.users.lastSignIn.30') },
                { value: '90', label: t('admin.users.lastSignIn.90') },
                { value: 'older', label: t('admin.users.lastSignIn.older') },
                { value: 'never', label: t('admin.users.lastSignIn.never') },
              ]}
            />
          </div>
          <div className="col-12">
            <button type="submit" className="btn btn-primary">
              {t('admin.users.filter.submit')}
            </button>
          </div>
        </Form>
        <p aria-live="polite">{plural('admin.users.count', total)}</p>
        <div className="table-responsive">
          <table className="table">
            <caption className="visually-hidden">{t('admin.users.list')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('admin.users.name')}</th>
                <th scope="col">{t('login.email')}</th>
                <th scope="col">{t('admin.users.roles')}</th>
                <th scope="col">{t('admin.users.orgs')}</th>
                <th scope="col">{t('admin.users.status')}</th>
                <th scope="col">{t('admin.users.lastSignIn')}</th>
              </tr>
            </thead>
            <tbody>
              {users.map((u) => (
                <tr key={u.id}>
                  <td>
                    <Link to={`/admin/utenti/${u.id}`}>{u.name}</Link>
                  </td>
                  <td>{u.email}</td>
                  <td>{u.roles.map((r) => `${t(`role.${r.role}` as MessageKey)}${r.organisation ? ` (${r.organisation})` : ''}`).join(', ')}</td>
                  <td>{u.organisations.join(', ')}</td>
                  <td>{u.erasedAt ? t('admin.users.status.erased') : u.disabledAt ? t('admin.users.status.disabled') : t('admin.users.status.active')}</td>
                  <td>{u.lastSignInAt ? <time dateTime={u.lastSignInAt}>{dateTime(u.lastSignInAt)}</time> : t('admin.users.lastSignIn.never')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <nav aria-label={t('admin.pages')} className="d-flex gap-3">
          {page > 1 ? <Link to={pageLink(page - 1)}>{t('admin.prev')}</Link> : null}
          {hasNext ? <Link to={pageLink(page + 1)}>{t('admin.next')}</Link> : null}
        </nav>
      </section>

      <section aria-labelledby="invite-title" className="mt-5" style={{ maxWidth: '40rem' }}>
        <h2 id="invite-title" className="h3">
          {t('admin.users.invite')}
        </h2>
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
      </section>

      <section aria-labelledby="pending-title" className="mt-5">
        <h2 id="pending-title" className="h3">
          {t('admin.users.pending')}
        </h2>
        {result?.done ? <FormAlert kind="success">{t(result.done === 'resend' ? 'admin.users.invitation.resent' : 'admin.users.invitation.cancelled')}</FormAlert> : null}
        {errors.form ? <FormAlert kind="error">{t(errors.form as MessageKey)}</FormAlert> : null}
        {invitations.length ? (
          <table className="table">
            <caption className="visually-hidden">{t('admin.users.pending')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('login.email')}</th>
                <th scope="col">{t('admin.users.role')}</th>
                <th scope="col">{t('admin.users.org')}</th>
                <th scope="col">{t('admin.users.invitation.expires')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('admin.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {invitations.map((i) => (
                <tr key={i.ref}>
                  <td>{i.email}</td>
                  <td>{i.role ? t(`role.${i.role}` as MessageKey) : ''}</td>
                  <td>{i.organisation ?? ''}</td>
                  <td>
                    <time dateTime={i.expiresAt}>{date(i.expiresAt)}</time> {i.expired ? `(${t('admin.users.invitation.expired')})` : null}
                  </td>
                  <td className="d-flex gap-2">
                    <Form method="post">
                      <input type="hidden" name="ref" value={i.ref} />
                      <button type="submit" name="intent" value="resend" className="btn btn-sm btn-outline-primary">
                        {t('admin.users.invitation.resend')} <span className="visually-hidden">{i.email}</span>
                      </button>
                    </Form>
                    <Form method="post">
                      <input type="hidden" name="ref" value={i.ref} />
                      <button type="submit" name="intent" value="cancel" className="btn btn-sm btn-outline-danger">
                        {t('admin.users.invitation.cancel')} <span className="visually-hidden">{i.email}</span>
                      </button>
                    </Form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p>{t('admin.users.pending.none')}</p>
        )}
      </section>
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: 'Utenti – Aula' }];
