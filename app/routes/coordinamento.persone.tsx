import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { getLocale, requireRole } from '~/auth/guards.server';
import { listCoursesForCoordination } from '~/coordination/dashboard.server';
import { enrolPerson, listPeople, listScopeUnits } from '~/coordination/people.server';
import { assignCourse, exemptPeople, remindPeople } from '~/coordination/assignments.server';
import { bulkForm, enrolForm, peopleFiltersForm } from '~/coordination/forms';
import { fiscalCodeProblem } from '~/coordination/fiscal-code';
import { DEFAULT_REMINDER_DAYS, STATUSES } from '~/coordination/constants';
import { httpError } from '~/http/errors.server';
import { readForm } from '~/http/form.server';
import { parseForm } from '~/utils/parse-form';
import { translate, useI18n, type MessageKey } from '~/i18n/i18n';
import { Field, FormAlert, SelectField } from '~/components/field';

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireRole({ request, context }, 'coordinator');
  const url = new URL(request.url);
  const form = new FormData();
  for (const [k, v] of url.searchParams) form.append(k, v);
  const parsed = parseForm(peopleFiltersForm, form, await getLocale({ request, context }));
  if (!parsed.data) throw httpError(404, 'coord.error.outOfScope');
  const courses = await listCoursesForCoordination();
  const filters = { ...parsed.data, courseId: parsed.data.courseId ?? courses[0]?.id };
  const [list, units] = await Promise.all([listPeople({ actorId: user.id, filters }), listScopeUnits({ actorId: user.id })]);
  if (!list.ok) throw httpError(404, 'coord.error.outOfScope');
  return { ...list, filters, units, courses: courses.map((c) => ({ id: c.id, title: c.title })) };
}

type Result = { done?: string; count?: number; errors: Record<string, string> };

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireRole({ request, context }, 'coordinator');
  const locale = await getLocale({ request, context });
  const form = await readForm({ request, context });
  if (form.get('intent') === 'enrol') {
    const parsed = parseForm(enrolForm, form, locale);
    if (!parsed.data) return data<Result>({ errors: parsed.errors }, { status: 400 });
    const { fiscalCode, ...input } = parsed.data;
    const problem = fiscalCode ? fiscalCodeProblem(fiscalCode) : null;
    if (problem) return data<Result>({ errors: { fiscalCode: translate(locale, problem === 'check' ? 'coord.form.fiscal.check' : 'coord.form.fiscal.invalid') } }, { status: 400 });
    const result = await enrolPerson({ actorId: user.id, input: { ...input, fiscalCode: fiscalCode || null }, locale });
    if (!result.ok && result.reason === 'notFound') throw httpError(404, 'coord.error.outOfScope');
    if (!result.ok) return data<Result>({ errors: { fiscalCode: translate(locale, 'coord.people.enrol.fiscalConflict') } }, { status: 409 });
    return data<Result>({ done: `enrol.${result.outcome}`, errors: {} });
  }
  const joined = new FormData();
  for (const [k, v] of form) if (k !== 'userId' && typeof v === 'string') joined.set(k, v);
  joined.set(
    'userId',
    form
      .getAll('userId')
      .filter((v) => typeof v === 'string')
      .join(','),
  );
  const parsed = parseForm(bulkForm, joined, locale);
  if (!parsed.data) return data<Result>({ errors: parsed.errors }, { status: 400 });
  const { intent, courseId, userId: userIds, dueOn, reminderDays, reason } = parsed.data;
  if (intent === 'assign' && !dueOn) return data<Result>({ errors: { dueOn: translate(locale, 'coord.form.due.required') } }, { status: 400 });
  if (intent === 'exempt' && (!reason || reason.length < 5)) return data<Result>({ errors: { reason: translate(locale, 'coord.form.reason.required') } }, { status: 400 });
  const result =
    intent === 'assign'
      ? await assignCourse({ actorId: user.id, courseId, userIds, dueOn: dueOn ?? null, reminderDays: reminderDays ?? DEFAULT_REMINDER_DAYS })
      : intent === 'exempt'
        ? await exemptPeople({ actorId: user.id, courseId, userIds, reason: reason! })
        : await remindPeople({ actorId: user.id, courseId, userIds });
  if (!result.ok) throw httpError(404, 'coord.error.outOfScope');
  return data<Result>({ done: `bulk.done.${intent}`, count: result.count, errors: {} });
}

export default function CoordinationPeople() {
  const { people, total, page, hasNext, filters, units, courses } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, plural, number } = useI18n();
  const errors: Record<string, string> = result?.errors ?? {};
  const unitOptions = units.map((u) => ({ value: u.id, label: `${'\u00a0\u00a0'.repeat(u.depth)}${u.name}` }));
  const params = (extra: Record<string, string>) =>
    new URLSearchParams({ ...(Object.fromEntries(Object.entries(filters).filter(([k, v]) => v !== undefined && v !== '' && k !== 'page')) as Record<string, string>), ...extra }).toString();
  const done = result?.done;
  return (
    <div className="container my-5">
      <p>
        <Link to="/coordinamento">{t('coord.title')}</Link>
      </p>
      <h1>{t('coord.people.title')}</h1>
      <p className="lead">{t('coord.people.lead')}</p>
      <Form method="get" className="aula-card row g-3 align-items-end mb-3">
        <div className="col-md-3">
          <Field name="q" type="search" label={t('coord.people.q')} defaultValue={filters.q ?? ''} className="mb-0" />
        </div>
        <div className="col-md-3">
          <SelectField name="unitId" label={t('coord.people.unit')} defaultValue={filters.unitId ?? ''} className="mb-0" options={[{ value: '', label: t('coord.scope.all') }, ...unitOptions]} />
        </div>
        <div className="col-md-3">
          <SelectField name="courseId" label={t('coord.course')} defaultValue={filters.courseId ?? ''} className="mb-0" options={courses.map((c) => ({ value: c.id, label: c.title }))} />
        </div>
        <div className="col-md-3">
          <SelectField
            name="status"
            label={t('coord.status')}
            defaultValue={filters.status ?? ''}
            className="mb-0"
            options={[{ value: '', label: t('coord.status.any') }, ...[...STATUSES, 'unassigned'].map((s) => ({ value: s, label: t(`coord.status.${s}` as MessageKey) }))]}
          />
        </div>
        <div className="col-12">
          <button type="submit" className="btn btn-primary">
            {t('coord.people.filter')}
          </button>
        </div>
      </Form>
      <p aria-live="polite">{plural('coord.people.count', total, { count: number(total) })}</p>
      <p>
        {t('coord.export.people')}:{' '}
        {(['xlsx', 'excel', 'csv'] as const).map((f, i) => (
          <span key={f}>
            {i ? ' · ' : ''}
            <a href={`/coordinamento/esporta?${params({ kind: 'persone', format: f })}`} download>
              {t(`coord.export.${f}`)}
            </a>
          </span>
        ))}
      </p>
      {done?.startsWith('bulk.') ? <FormAlert kind="success">{t(`coord.people.${done}` as MessageKey, { count: result?.count ?? 0 })}</FormAlert> : null}
      {errors.userId || errors.courseId || errors.intent ? <FormAlert kind="error">{errors.userId ?? errors.courseId ?? errors.intent}</FormAlert> : null}
      {people.length === 0 ? (
        <p>{t('coord.people.empty')}</p>
      ) : (
        <Form method="post" id="bulk" noValidate>
          <input type="hidden" name="courseId" value={filters.courseId ?? ''} />
          <div className="table-responsive">
            <table className="table">
              <caption className="visually-hidden">{t('coord.people.title')}</caption>
              <thead>
                <tr>
                  <th scope="col">
                    <span className="visually-hidden">{t('coord.people.bulk')}</span>
                  </th>
                  <th scope="col">{t('coord.col.name')}</th>
                  <th scope="col">{t('coord.col.units')}</th>
                  <th scope="col">{t('coord.col.status')}</th>
                  <th scope="col">{t('coord.col.due')}</th>
                  <th scope="col" className="text-end">
                    {t('coord.col.hours')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {people.map((p) => (
                  <tr key={p.id}>
                    <td>
                      <input type="checkbox" className="form-check-input" name="userId" value={p.id} id={`sel-${p.id}`} aria-label={t('coord.people.select', { name: p.name })} />
                    </td>
                    <td>
                      <Link to={`/coordinamento/persone/${p.id}`}>{p.name}</Link>
                      <br />
                      <span className="small">{p.email}</span>
                    </td>
                    <td>{p.units.join(', ')}</td>
                    <td>{t(p.status ? (`coord.status.${p.status}` as MessageKey) : 'coord.status.unassigned')}</td>
                    <td>{p.dueOn ? p.dueOn.split('-').reverse().join('/') : ''}</td>
                    <td className="text-end">
                      {number(p.hours)} / {number(p.target)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <fieldset className="aula-card row g-3 align-items-end">
            <legend className="h5">{t('coord.people.bulk')}</legend>
            <div className="col-md-4">
              <SelectField
                name="intent"
                label={t('coord.people.bulk.action')}
                className="mb-0"
                options={(['assign', 'remind', 'exempt'] as const).map((i) => ({ value: i, label: t(`coord.people.bulk.${i}`) }))}
              />
            </div>
            <div className="col-md-3">
              <Field name="dueOn" type="date" label={t('coord.people.bulk.due')} className="mb-0" error={errors.dueOn} />
            </div>
            <div className="col-md-5">
              <Field name="reason" label={t('coord.people.bulk.reason')} className="mb-0" maxLength={500} error={errors.reason} />
            </div>
            <div className="col-12">
              <Field name="reminderDays" label={t('coord.people.bulk.reminders')} className="mb-0" defaultValue={DEFAULT_REMINDER_DAYS.join(', ')} error={errors.reminderDays} />
            </div>
            <div className="col-12">
              <button type="submit" className="btn btn-primary">
                {t('coord.people.bulk.submit')}
              </button>
            </div>
          </fieldset>
        </Form>
      )}
      <nav aria-label={t('coord.pages')} className="d-flex gap-3 mt-3">
        {page > 1 ? <Link to={`?${params({ page: String(page - 1) })}`}>{t('coord.prev')}</Link> : null}
        {hasNext ? <Link to={`?${params({ page: String(page + 1) })}`}>{t('coord.next')}</Link> : null}
      </nav>

      <section aria-labelledby="enrol-title" className="mt-5" style={{ maxWidth: '40rem' }}>
        <h2 id="enrol-title" className="h3">
          {t('coord.people.enrol')}
        </h2>
        <p>{t('coord.people.enrol.hint')}</p>
        {done?.startsWith('enrol.') ? <FormAlert kind="success">{t(`coord.people.${done}` as MessageKey)}</FormAlert> : null}
        <Form method="post" noValidate className="aula-card">
          <input type="hidden" name="intent" value="enrol" />
          <Field name="email" id="enrol-email" type="email" label={t('coord.col.email')} required autoComplete="off" error={errors.email} />
          <Field name="name" id="enrol-name" label={t('coord.people.name')} required autoComplete="off" error={errors.name} />
          <SelectField name="organisationId" id="enrol-unit" label={t('coord.people.unit')} defaultValue="" error={errors.organisationId} options={[{ value: '', label: '—' }, ...unitOptions]} />
          <Field name="jobTitle" id="enrol-job" label={t('coord.people.jobTitle')} autoComplete="off" error={errors.jobTitle} />
          <Field name="fiscalCode" id="enrol-fiscal" label={t('coord.people.fiscalCode')} autoComplete="off" maxLength={16} error={errors.fiscalCode} />
          <button type="submit" className="btn btn-primary">
            {t('coord.people.enrol.submit')}
          </button>
        </Form>
      </section>
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: 'Persone – Coordinamento – Aula' }];
