import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { getLocale, requireRole } from '~/auth/guards.server';
import { setFiscalNumber } from '~/auth/oidc.server';
import { resetTwoFactor } from '~/auth/totp.server';
import { userActionForm } from '~/admin/forms';
import { listActiveOrganisations } from '~/admin/organisations.server';
import { deactivateUser, getUserDetail, grantRole, reactivateUser, revokeRole } from '~/admin/users.server';
import { httpError } from '~/http/errors.server';
import { readForm } from '~/http/form.server';
import { parseForm } from '~/utils/parse-form';
import { useI18n, type MessageKey } from '~/i18n/i18n';
import { Field, FormAlert, SelectField } from '~/components/field';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const admin = await requireRole({ request, context }, 'admin');
  if (!UUID.test(params.id!)) throw httpError(404);
  const user = await getUserDetail({ userId: params.id! });
  if (!user) throw httpError(404);
  return {
    self: admin.id === user.id,
    user: {
      ...user,
      disabledAt: user.disabledAt?.toISOString() ?? null,
      erasedAt: user.erasedAt?.toISOString() ?? null,
      lastSignInAt: user.lastSignInAt?.toISOString() ?? null,
      createdAt: user.createdAt.toISOString(),
      identities: user.identities.map((i) => ({ ...i, lastUsedAt: i.lastUsedAt?.toISOString() ?? null })),
    },
    organisations: await listActiveOrganisations(),
  };
}

const REFUSALS: Record<string, { status: 400 | 404 | 409; key: MessageKey }> = {
  notFound: { status: 404, key: 'error.404' },
  lastAdmin: { status: 409, key: 'admin.user.lastAdmin' },
  duplicate: { status: 409, key: 'admin.user.duplicateRole' },
  erased: { status: 409, key: 'admin.user.erased' },
  self: { status: 409, key: 'admin.user.self' },
  invalid: { status: 400, key: 'form.fiscalNumber.invalid' },
};

export async function action({ request, params, context }: ActionFunctionArgs) {
  const admin = await requireRole({ request, context }, 'admin');
  if (!UUID.test(params.id!)) throw httpError(404);
  const userId = params.id!;
  const parsed = parseForm(userActionForm, await readForm({ request, context }), await getLocale({ request, context }));
  if (!parsed.data) return data({ done: null as string | null, refused: null as MessageKey | null, errors: parsed.errors }, { status: 400 });
  const form = parsed.data;
  const result =
    form.intent === 'grant'
      ? await grantRole({ actorId: admin.id, userId, role: form.role, organisationId: form.organisationId ?? null })
      : form.intent === 'revoke'
        ? await revokeRole({ actorId: admin.id, userId, roleId: form.roleId })
        : form.intent === 'deactivate'
          ? await deactivateUser({ actorId: admin.id, userId })
          : form.intent === 'reactivate'
            ? await reactivateUser({ actorId: admin.id, userId })
            : form.intent === 'resetTwoFactor'
              ? (await resetTwoFactor({ userId, actorId: admin.id }), { ok: true as const })
              : await setFiscalNumber({ actorId: admin.id, userId, fiscalNumber: form.fiscalNumber || null });
  if (!result.ok) {
    const r = REFUSALS[result.reason] ?? REFUSALS.notFound!;
    return data({ done: null, refused: r.key as MessageKey | null, errors: {} as Record<string, string> }, { status: r.status });
  }
  return { done: form.intent as string | null, refused: null, errors: {} as Record<string, string> };
}

const ROLES = ['learner', 'lecturer', 'coordinator', 'admin', 'operatore', 'revisore'] as const;

export default function AdminUser() {
  const { user, organisations, self } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, dateTime, plural } = useI18n();
  const errors: Record<string, string> = result?.errors ?? {};
  return (
    <div className="container my-5" style={{ maxWidth: '52rem' }}>
      <p>
        <Link to="/admin/utenti">{t('admin.user.back')}</Link>
      </p>
      <h1>{user.name}</h1>
      {result?.done ? <FormAlert kind="success">{t(`admin.user.done.${result.done}` as MessageKey)}</FormAlert> : null}
      {result?.refused ? <FormAlert kind="error">{t(result.refused)}</FormAlert> : null}
      <dl className="row">
        <dt className="col-sm-4">{t('login.email')}</dt>
        <dd className="col-sm-8">{user.email}</dd>
        <dt className="col-sm-4">{t('admin.users.status')}</dt>
        <dd className="col-sm-8" data-testid="user-status">
          {user.erasedAt ? t('admin.users.status.erased') : user.disabledAt ? t('admin.users.status.disabled') : t('admin.users.status.active')}
        </dd>
        <dt className="col-sm-4">{t('admin.users.lastSignIn')}</dt>
        <dd className="col-sm-8">{user.lastSignInAt ? <time dateTime={user.lastSignInAt}>{dateTime(user.lastSignInAt)}</time> : t('admin.users.lastSignIn.never')}</dd>
        <dt className="col-sm-4">{t('admin.user.sessions')}</dt>
        <dd className="col-sm-8">{plural('admin.user.sessions.count', user.activeSessions)}</dd>
        <dt className="col-sm-4">{t('admin.user.twoFactor')}</dt>
        <dd className="col-sm-8">{user.twoFactor ? t('admin.user.twoFactor.on') : t('admin.user.twoFactor.off')}</dd>
        <dt className="col-sm-4">{t('admin.user.memberships')}</dt>
        <dd className="col-sm-8">{user.memberships.map((m) => m.organisation).join(', ') || '—'}</dd>
        <dt className="col-sm-4">{t('admin.user.identities')}</dt>
        <dd className="col-sm-8">{user.identities.map((i) => (i.issuer === 'codice-fiscale' ? t('admin.user.fiscalNumber.set') : i.issuer)).join(', ') || '—'}</dd>
      </dl>

      {user.erasedAt ? null : (
        <>
          <h2 className="h4 mt-4">{t('admin.user.roles')}</h2>
          <ul className="list-unstyled">
            {user.roles.map((r) => (
              <li key={r.id} className="d-flex align-items-center gap-3 mb-2">
                <span>
                  {t(`role.${r.role}` as MessageKey)}
                  {r.organisation ? ` – ${r.organisation}` : ` – ${t('admin.user.scope.all')}`}
                </span>
                <Form method="post">
                  <input type="hidden" name="intent" value="revoke" />
                  <input type="hidden" name="roleId" value={r.id} />
                  <button type="submit" className="btn btn-sm btn-outline-danger">
                    {t('admin.user.revoke')} <span className="visually-hidden">{t(`role.${r.role}` as MessageKey)}</span>
                  </button>
                </Form>
              </li>
            ))}
          </ul>
          <Form method="post" noValidate className="aula-card">
            <input type="hidden" name="intent" value="grant" />
            <SelectField name="role" label={t('admin.user.grant.role')} defaultValue="learner" error={errors.role} options={ROLES.map((r) => ({ value: r, label: t(`role.${r}` as MessageKey) }))} />
            <SelectField
              name="organisationId"
              label={t('admin.user.grant.scope')}
              hint={t('admin.user.grant.scope.hint')}
              defaultValue=""
              error={errors.organisationId}
              options={[{ value: '', label: t('admin.user.scope.all') }, ...organisations.map((o) => ({ value: o.id, label: o.name }))]}
            />
            <button type="submit" className="btn btn-primary">
              {t('admin.user.grant.submit')}
            </button>
          </Form>

          <h2 className="h4 mt-5">{t('admin.user.access')}</h2>
          {user.disabledAt ? (
            <Form method="post">
              <input type="hidden" name="intent" value="reactivate" />
              <button type="submit" className="btn btn-outline-primary">
                {t('admin.user.reactivate')}
              </button>
            </Form>
          ) : self ? (
            <p>{t('admin.user.self')}</p>
          ) : (
            <Form method="post">
              <input type="hidden" name="intent" value="deactivate" />
              <p>{t('admin.user.deactivate.hint')}</p>
              <button type="submit" className="btn btn-danger">
                {t('admin.user.deactivate')}
              </button>
            </Form>
          )}
          {user.twoFactor ? (
            <Form method="post" className="mt-3">
              <input type="hidden" name="intent" value="resetTwoFactor" />
              <p>{t('admin.user.twoFactor.reset.hint')}</p>
              <button type="submit" className="btn btn-outline-danger">
                {t('admin.user.twoFactor.reset')}
              </button>
            </Form>
          ) : null}

          <h2 className="h4 mt-5">{t('admin.user.fiscalNumber')}</h2>
          <Form method="post" noValidate className="aula-card">
            <input type="hidden" name="intent" value="fiscalNumber" />
            <Field name="fiscalNumber" label={t('admin.user.fiscalNumber.label')} hint={t('admin.user.fiscalNumber.hint')} autoComplete="off" error={errors.fiscalNumber} />
            <button type="submit" className="btn btn-outline-primary">
              {t('admin.user.fiscalNumber.submit')}
            </button>
          </Form>
        </>
      )}
      <p className="mt-4">
        <Link to={`/admin/registro?target=${user.id}`}>{t('admin.user.auditLink')}</Link>
      </p>
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: 'Utente – Aula' }];
