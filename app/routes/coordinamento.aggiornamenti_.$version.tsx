import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { getLocale, requireRole } from '~/auth/guards.server';
import { assignUpdateForm } from '~/coordination/forms';
import { assignLawUpdate, getLawUpdate } from '~/coordination/law-updates.server';
import { httpError } from '~/http/errors.server';
import { readForm } from '~/http/form.server';
import { parseForm } from '~/utils/parse-form';
import { z } from '~/utils/zod';
import { translate, useI18n } from '~/i18n/i18n';
import { Field, FormAlert } from '~/components/field';

const versionParam = z.string().uuid();

/** One law change: the people of the coordinator's scope it concerns, and the form that assigns the update. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireRole({ request, context }, 'coordinator');
  const id = versionParam.safeParse(params.version);
  const found = id.success ? await getLawUpdate({ actorId: user.id, versionId: id.data }) : null;
  if (!found) throw httpError(404, 'update.coord.notFound');
  return found;
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const user = await requireRole({ request, context }, 'coordinator');
  const locale = await getLocale({ request, context });
  const id = versionParam.safeParse(params.version);
  if (!id.success) throw httpError(404, 'update.coord.notFound');
  const parsed = parseForm(assignUpdateForm, await readForm({ request, context }), locale, ['userId']);
  if (!parsed.data) return data({ count: null as number | null, errors: parsed.errors }, { status: 400 });
  const result = await assignLawUpdate({ actorId: user.id, versionId: id.data, userIds: parsed.data.intent === 'assign' ? parsed.data.userId : null, dueOn: parsed.data.dueOn });
  if (!result.ok) {
    if (result.reason === 'notFound') throw httpError(404, 'update.coord.notFound');
    return data({ count: null as number | null, errors: { dueOn: translate(locale, 'update.coord.assign.past') } as Record<string, string> }, { status: 400 });
  }
  return { count: result.count as number | null, errors: {} as Record<string, string> };
}

export default function CoordinationUpdate() {
  const { change, people, counts } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, number, date, plural } = useI18n();
  const errors: Record<string, string> = result?.errors ?? {};
  const day = (d: string | null) => (d ? d.split('-').reverse().join('/') : '—');
  return (
    <div className="container my-5">
      <p>
        <Link to="/coordinamento/aggiornamenti">{t('update.coord.back')}</Link>
      </p>
      <h1>{t('update.coord.detail.title', { title: change.moduleTitle })}</h1>
      <p>{t('update.coord.detail.lead', { version: change.versionNo, date: date(change.publishedAt), course: change.courseTitle })}</p>
      <section aria-labelledby="sintesi" className="alert alert-warning">
        <h2 id="sintesi" className="h4">
          {t('update.page.summary')}
        </h2>
        <p className="mb-0" lang="it">
          {change.summary}
        </p>
      </section>
      <p data-testid="update-counts">
        {t('update.coord.counts', { affected: number(counts.affected), upToDate: number(counts.upToDate), pending: number(counts.pending), overdue: number(counts.overdue) })}
      </p>
      {result?.count === 0 ? <FormAlert kind="success">{t('update.coord.assign.nobody')}</FormAlert> : null}
      {result?.count ? <FormAlert kind="success">{plural('update.coord.assign.done', result.count, { count: number(result.count) })}</FormAlert> : null}
      {errors.userId || errors.intent || errors.form ? <FormAlert kind="error">{errors.userId ?? errors.intent ?? errors.form}</FormAlert> : null}
      <Form method="post" noValidate>
        <section aria-labelledby="assegna" className="aula-card mb-4" style={{ maxWidth: '40rem' }}>
          <h2 id="assegna" className="h4">
            {t('update.coord.assign.title')}
          </h2>
          <p>{t('update.coord.assign.hint')}</p>
          <Field name="dueOn" type="date" label={t('update.coord.assign.due')} required error={errors.dueOn} />
          <div className="d-flex flex-wrap gap-3">
            <button type="submit" name="intent" value="assignAll" className="btn btn-primary">
              {t('update.coord.assign.all')}
            </button>
            <button type="submit" name="intent" value="assign" className="btn btn-outline-primary">
              {t('update.coord.assign.selected')}
            </button>
          </div>
        </section>
        <section aria-labelledby="persone">
          <h2 id="persone" className="h3">
            {t('update.coord.people')}
          </h2>
          {people.length === 0 ? (
            <p>{t('update.coord.people.none')}</p>
          ) : (
            <div className="table-responsive">
              <table className="table">
                <caption className="visually-hidden">{t('update.coord.people')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('update.coord.col.select')}</th>
                    <th scope="col">{t('update.coord.col.person')}</th>
                    <th scope="col">{t('update.coord.col.unit')}</th>
                    <th scope="col">{t('update.coord.col.state')}</th>
                    <th scope="col">{t('update.coord.col.due')}</th>
                  </tr>
                </thead>
                <tbody>
                  {people.map((p) => (
                    <tr key={p.id} data-testid="update-person">
                      <td>
                        {p.state !== 'upToDate' ? (
                          <input type="checkbox" className="form-check-input" name="userId" value={p.id} id={`sel-${p.id}`} aria-label={t('update.coord.select', { name: p.name })} />
                        ) : null}
                      </td>
                      <td>
                        <Link to={`/coordinamento/persone/${p.id}`}>{p.name}</Link>
                        <br />
                        <span className="small">{p.email}</span>
                      </td>
                      <td>{p.units.join(', ')}</td>
                      <td>
                        <span className={`aula-status ${p.state === 'upToDate' ? 'done' : 'todo'}`}>{t(`update.coord.state.${p.state}`)}</span>
                      </td>
                      <td>{day(p.dueOn)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      </Form>
    </div>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Aggiornamento: ${data?.change.moduleTitle ?? ''} – Coordinamento – Aula` }];
