import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { getLocale, requireRole } from '~/auth/guards.server';
import { assignCourse, listUnitAssignments } from '~/coordination/assignments.server';
import { DEFAULT_REMINDER_DAYS } from '~/coordination/constants';
import { listCoursesForCoordination } from '~/coordination/dashboard.server';
import { listScopeUnits } from '~/coordination/people.server';
import { assignUnitForm } from '~/coordination/forms';
import { httpError } from '~/http/errors.server';
import { readForm } from '~/http/form.server';
import { parseForm } from '~/utils/parse-form';
import { useI18n } from '~/i18n/i18n';
import { Field, FormAlert, SelectField } from '~/components/field';

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireRole({ request, context }, 'coordinator');
  const [units, courses, assignments] = await Promise.all([listScopeUnits({ actorId: user.id }), listCoursesForCoordination(), listUnitAssignments({ actorId: user.id })]);
  return { units, courses: courses.map((c) => ({ id: c.id, title: c.title })), assignments };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireRole({ request, context }, 'coordinator');
  const parsed = parseForm(assignUnitForm, await readForm({ request, context }), await getLocale({ request, context }));
  if (!parsed.data) return data({ count: null as number | null, errors: parsed.errors }, { status: 400 });
  const { courseId, unitId, dueOn, reminderDays } = parsed.data;
  const result = await assignCourse({ actorId: user.id, courseId, unitId, dueOn, reminderDays: reminderDays ?? DEFAULT_REMINDER_DAYS });
  if (!result.ok) throw httpError(404, 'coord.error.outOfScope');
  return { count: result.count as number | null, errors: {} as Record<string, string> };
}

export default function CoordinationAssignments() {
  const { units, courses, assignments } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useI18n();
  const errors: Record<string, string> = result?.errors ?? {};
  return (
    <div className="container my-5">
      <p>
        <Link to="/coordinamento">{t('coord.title')}</Link>
      </p>
      <h1>{t('coord.assign.title')}</h1>
      <p className="lead">{t('coord.assign.hint')}</p>
      {result?.count !== null && result?.count !== undefined ? <FormAlert kind="success">{t('coord.assign.done', { count: result.count })}</FormAlert> : null}
      <Form method="post" noValidate className="aula-card" style={{ maxWidth: '40rem' }}>
        <SelectField name="courseId" label={t('coord.course')} error={errors.courseId} options={courses.map((c) => ({ value: c.id, label: c.title }))} />
        <SelectField
          name="unitId"
          label={t('coord.people.unit')}
          defaultValue=""
          error={errors.unitId}
          options={[{ value: '', label: '—' }, ...units.map((u) => ({ value: u.id, label: `${'\u00a0\u00a0'.repeat(u.depth)}${u.name}` }))]}
        />
        <Field name="dueOn" type="date" label={t('coord.col.due')} required error={errors.dueOn} />
        <Field name="reminderDays" label={t('coord.assign.reminders')} defaultValue={DEFAULT_REMINDER_DAYS.join(', ')} error={errors.reminderDays} />
        <input type="hidden" name="intent" value="assignUnit" />
        <button type="submit" className="btn btn-primary">
          {t('coord.assign.submit')}
        </button>
      </Form>
      {assignments.length ? (
        <table className="table mt-5">
          <caption>{t('coord.assign.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('coord.col.unit')}</th>
              <th scope="col">{t('coord.course')}</th>
              <th scope="col">{t('coord.col.due')}</th>
              <th scope="col">{t('coord.assign.reminders')}</th>
            </tr>
          </thead>
          <tbody>
            {assignments.map((a) => (
              <tr key={a.id}>
                <td>{a.unit}</td>
                <td>{a.course}</td>
                <td>{a.dueOn ? a.dueOn.split('-').reverse().join('/') : '—'}</td>
                <td>{a.reminderDays.join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: 'Assegnazioni – Coordinamento – Aula' }];
