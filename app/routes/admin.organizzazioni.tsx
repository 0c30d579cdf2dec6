import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react';
import { getLocale, requireRole } from '~/auth/guards.server';
import { ORG_KINDS, organisationForm } from '~/admin/forms';
import { createOrganisation, listOrganisationTree, retireOrganisation, updateOrganisation } from '~/admin/organisations.server';
import { readForm } from '~/http/form.server';
import { parseForm } from '~/utils/parse-form';
import { useI18n, type MessageKey } from '~/i18n/i18n';
import { Field, FormAlert, SelectField } from '~/components/field';

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireRole({ request, context }, 'admin');
  const tree = await listOrganisationTree();
  return { tree: tree.map((o) => ({ ...o, retiredAt: o.retiredAt?.toISOString() ?? null })) };
}

const REFUSALS: Record<string, MessageKey> = {
  notFound: 'admin.orgs.refused.notFound',
  duplicateName: 'admin.orgs.refused.duplicateName',
  duplicateIpa: 'admin.orgs.refused.duplicateIpa',
  cycle: 'admin.orgs.refused.cycle',
  parentRetired: 'admin.orgs.refused.parentRetired',
  hasActiveChildren: 'admin.orgs.refused.hasActiveChildren',
};

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requireRole({ request, context }, 'admin');
  const parsed = parseForm(organisationForm, await readForm({ request, context }), await getLocale({ request, context }));
  if (!parsed.data) return data({ done: null as string | null, refused: null as MessageKey | null, errors: parsed.errors }, { status: 400 });
  const f = parsed.data;
  let result;
  if (f.intent === 'retire' || f.intent === 'restore') result = await retireOrganisation({ actorId: admin.id, id: f.id, retire: f.intent === 'retire' });
  else {
    const fields = { name: f.name, kind: f.kind, parentId: f.parentId, ipaCode: f.ipaCode, yearlyHoursTarget: f.yearlyHoursTarget };
    if (f.intent === 'create') result = await createOrganisation({ actorId: admin.id, fields });
    else if (!f.id || !/^[0-9a-f-]{36}$/i.test(f.id)) return data({ done: null, refused: 'admin.orgs.refused.notFound' as MessageKey | null, errors: {} as Record<string, string> }, { status: 404 });
    else result = await updateOrganisation({ actorId: admin.id, id: f.id, fields });
  }
  if (!result.ok) return data({ done: null, refused: REFUSALS[result.reason] ?? null, errors: {} as Record<string, string> }, { status: result.reason === 'notFound' ? 404 : 409 });
  return { done: f.intent as string | null, refused: null, errors: {} as Record<string, string> };
}

export default function Organisations() {
  const { tree } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const { t, plural } = useI18n();
  const errors: Record<string, string> = result?.errors ?? {};
  const editing = tree.find((o) => o.id === params.get('modifica')) ?? null;
  const kinds = ORG_KINDS.map((k) => ({ value: k, label: t(`org.kind.${k}` as MessageKey) }));
  const parents = (exclude: string | null) => [
    { value: '', label: t('admin.orgs.noParent') },
    ...tree.filter((o) => !o.retiredAt && o.id !== exclude).map((o) => ({ value: o.id, label: `${'– '.repeat(o.depth)}${o.name}` })),
  ];
  return (
    <div className="container my-5">
      <p>
        <Link to="/admin">{t('admin.back')}</Link>
      </p>
      <h1>{t('admin.orgs.title')}</h1>
      <p className="lead">{t('admin.orgs.lead')}</p>
      {result?.done ? <FormAlert kind="success">{t(`admin.orgs.done.${result.done}` as MessageKey)}</FormAlert> : null}
      {result?.refused ? <FormAlert kind="error">{t(result.refused)}</FormAlert> : null}
      <div className="table-responsive">
        <table className="table">
          <caption className="visually-hidden">{t('admin.orgs.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('admin.orgs.name')}</th>
              <th scope="col">{t('admin.orgs.kind')}</th>
              <th scope="col">{t('admin.orgs.ipa')}</th>
              <th scope="col">{t('admin.orgs.target')}</th>
              <th scope="col">{t('admin.orgs.members')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('admin.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {tree.map((o) => (
              <tr key={o.id}>
                <td style={{ paddingLeft: `${0.5 + o.depth * 1.5}rem` }}>
                  {o.name}
                  {o.retiredAt ? <span className="ms-2 badge bg-secondary">{t('admin.orgs.retired')}</span> : null}
                </td>
                <td>{t(`org.kind.${o.kind}` as MessageKey)}</td>
                <td>{o.ipaCode ?? ''}</td>
                <td>{o.yearlyHoursTarget ?? t('admin.orgs.inherited')}</td>
                <td>{plural('admin.orgs.memberCount', o.members)}</td>
                <td className="d-flex gap-2">
                  <Link to={`?modifica=${o.id}#modifica`} className="btn btn-sm btn-outline-primary">
                    {t('admin.orgs.edit')} <span className="visually-hidden">{o.name}</span>
                  </Link>
                  <Form method="post">
                    <input type="hidden" name="id" value={o.id} />
                    <button type="submit" name="intent" value={o.retiredAt ? 'restore' : 'retire'} className="btn btn-sm btn-outline-danger">
                      {o.retiredAt ? t('admin.orgs.restore') : t('admin.orgs.retire')} <span className="visually-hidden">{o.name}</span>
                    </button>
                  </Form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="row mt-4">
        {editing ? (
          <section className="col-lg-6" aria-labelledby="modifica">
            <h2 id="modifica" className="h4" tabIndex={-1}>
              {t('admin.orgs.editTitle', { name: editing.name })}
            </h2>
            <Form method="post" noValidate className="aula-card" key={editing.id}>
              <input type="hidden" name="intent" value="update" />
              <input type="hidden" name="id" value={editing.id} />
              <Field name="name" id="edit-name" label={t('admin.orgs.name')} defaultValue={editing.name} required error={errors.name} />
              <SelectField name="kind" id="edit-kind" label={t('admin.orgs.kind')} defaultValue={editing.kind} options={kinds} />
              <SelectField name="parentId" id="edit-parent" label={t('admin.orgs.parent')} defaultValue={editing.parentId ?? ''} options={parents(editing.id)} error={errors.parentId} />
              <Field name="ipaCode" id="edit-ipa" label={t('admin.orgs.ipa')} defaultValue={editing.ipaCode ?? ''} error={errors.ipaCode} />
              <Field
                name="yearlyHoursTarget"
                id="edit-target"
                label={t('admin.orgs.target')}
                hint={t('admin.orgs.target.hint')}
                inputMode="numeric"
                defaultValue={editing.yearlyHoursTarget ?? ''}
                error={errors.yearlyHoursTarget}
              />
              <button type="submit" className="btn btn-primary">
                {t('admin.orgs.save')}
              </button>
            </Form>
          </section>
        ) : null}
        <section className="col-lg-6" aria-labelledby="nuova">
          <h2 id="nuova" className="h4">
            {t('admin.orgs.create')}
          </h2>
          <Form method="post" noValidate className="aula-card">
            <input type="hidden" name="intent" value="create" />
            <Field name="name" label={t('admin.orgs.name')} required error={editing ? undefined : errors.name} />
            <SelectField name="kind" label={t('admin.orgs.kind')} defaultValue="comune" options={kinds} />
            <SelectField name="parentId" label={t('admin.orgs.parent')} defaultValue="" options={parents(null)} />
            <Field name="ipaCode" label={t('admin.orgs.ipa')} error={editing ? undefined : errors.ipaCode} />
            <Field name="yearlyHoursTarget" label={t('admin.orgs.target')} hint={t('admin.orgs.target.hint')} inputMode="numeric" error={editing ? undefined : errors.yearlyHoursTarget} />
            <button type="submit" className="btn btn-primary">
              {t('admin.orgs.create')}
            </button>
          </Form>
        </section>
      </div>
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: 'Organizzazioni – Aula' }];
