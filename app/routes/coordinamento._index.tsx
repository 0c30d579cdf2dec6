import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useLoaderData } from '@remix-run/react';
import { getLocale, requireRole } from '~/auth/guards.server';
import { getDashboard, listCoursesForCoordination } from '~/coordination/dashboard.server';
import { dashboardForm } from '~/coordination/forms';
import { httpError } from '~/http/errors.server';
import { parseForm } from '~/utils/parse-form';
import { useI18n, type MessageKey } from '~/i18n/i18n';
import { SelectField } from '~/components/field';
import { BarChart } from '~/components/bar-chart';
import { quarterPeriod, topTopicsForScope } from '~/sportello/indicators.server';
import { quarterOf } from '~/sportello/time';

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireRole({ request, context }, 'coordinator');
  const url = new URL(request.url);
  const form = new FormData();
  for (const [k, v] of url.searchParams) form.append(k, v);
  const parsed = parseForm(dashboardForm, form, await getLocale({ request, context }));
  if (!parsed.data) throw httpError(404, 'coord.error.outOfScope');
  const courses = await listCoursesForCoordination();
  const courseId = parsed.data.courseId ?? courses[0]?.id ?? null;
  const dashboard = await getDashboard({ actorId: user.id, unitId: parsed.data.unitId ?? null, courseId });
  if (!dashboard.ok) throw httpError(404, 'coord.error.outOfScope');
  // Training needs seen at the desks of the same scope (issue 17): counts under 5 come back hidden.
  const desks = await topTopicsForScope({ user, period: quarterPeriod(quarterOf(new Date())) });
  return { ...dashboard, courses: courses.map((c) => ({ id: c.id, title: c.title })), courseId, deskCards: desks.cards };
}

const FIGURES = ['assigned', 'inProgress', 'completed', 'overdue', 'exempted'] as const;

export default function CoordinationDashboard() {
  const { unit, trail, totals, rows, target, year, courses, courseId, deskCards } = useLoaderData<typeof loader>();
  const { t, number } = useI18n();
  const query = (extra: Record<string, string>) => {
    const params = new URLSearchParams({ ...(courseId ? { courseId } : {}), ...(unit ? { unitId: unit.id } : {}), ...extra });
    return params.toString();
  };
  const chart = FIGURES.map((f) => ({ label: t(`coord.fig.${f}` as MessageKey), value: totals[f] }));
  return (
    <div className="container my-5">
      <h1>{t('coord.title')}</h1>
      <p className="lead">{t('coord.lead')}</p>
      <nav aria-label={t('coord.trail')}>
        <ol className="breadcrumb">
          <li className="breadcrumb-item">
            {unit ? <Link to={`/coordinamento?${new URLSearchParams(courseId ? { courseId } : {}).toString()}`}>{t('coord.scope.all')}</Link> : <span aria-current="page">{t('coord.scope.all')}</span>}
          </li>
          {trail.map((u) => (
            <li key={u.id} className="breadcrumb-item">
              <Link to={`/coordinamento?${new URLSearchParams({ ...(courseId ? { courseId } : {}), unitId: u.id }).toString()}`}>{u.name}</Link>
            </li>
          ))}
          {unit ? (
            <li className="breadcrumb-item active" aria-current="page">
              {unit.name}
            </li>
          ) : null}
        </ol>
      </nav>
      <Form method="get" className="aula-card row g-3 align-items-end mb-4">
        {unit ? <input type="hidden" name="unitId" value={unit.id} /> : null}
        <div className="col-md-6">
          <SelectField name="courseId" label={t('coord.course')} defaultValue={courseId ?? ''} className="mb-0" options={courses.map((c) => ({ value: c.id, label: c.title }))} />
        </div>
        <div className="col-md-3">
          <button type="submit" className="btn btn-primary">
            {t('coord.show')}
          </button>
        </div>
      </Form>

      <section aria-labelledby="figures-title">
        <h2 id="figures-title" className="h3">
          {unit ? unit.name : t('coord.scope.all')}
        </h2>
        <dl className="row">
          <dt className="col-sm-6">{t('coord.fig.people')}</dt>
          <dd className="col-sm-6">{number(totals.people)}</dd>
          {FIGURES.map((f) => (
            <FigureRow key={f} label={t(`coord.fig.${f}` as MessageKey)} value={number(totals[f])} />
          ))}
          <FigureRow label={t('coord.fig.certified')} value={number(totals.certified)} />
          <FigureRow label={`${t('coord.fig.hours')} (${year})`} value={number(totals.hours)} />
          <FigureRow label={t('coord.fig.targetMet')} value={`${number(totals.targetMet)} / ${number(totals.people)}`} />
        </dl>
        <p className="small">{t('coord.fig.target', { hours: target })}</p>
        <h3 className="h4">{t('coord.chart.title')}</h3>
        <BarChart id="chart-status" title={t('coord.chart.title')} description={t('coord.chart.desc')} data={chart} />
        <table className="table table-sm mt-2" style={{ maxWidth: '40rem' }}>
          <caption>{t('coord.chart.table')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('coord.status')}</th>
              <th scope="col" className="text-end">
                {t('coord.fig.people')}
              </th>
            </tr>
          </thead>
          <tbody>
            {chart.map((c) => (
              <tr key={c.label}>
                <th scope="row">{c.label}</th>
                <td className="text-end">{number(c.value)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section aria-labelledby="units-title" className="mt-5">
        <h2 id="units-title" className="h3">
          {t('coord.units.title')}
        </h2>
        {rows.length === 0 ? (
          <p>{t('coord.units.none')}</p>
        ) : (
          <>
            <BarChart
              id="chart-hours"
              title={t('coord.chart.hours')}
              description={t('coord.chart.hoursDesc')}
              max={100}
              data={rows.map((r) => ({ label: r.name, value: r.people ? Math.round((r.targetMet / r.people) * 100) : 0, display: `${r.people ? Math.round((r.targetMet / r.people) * 100) : 0}%` }))}
            />
            <div className="table-responsive mt-2">
              <table className="table">
                <caption>{t('coord.units.caption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('coord.col.unit')}</th>
                    <th scope="col" className="text-end">
                      {t('coord.fig.people')}
                    </th>
                    {FIGURES.map((f) => (
                      <th key={f} scope="col" className="text-end">
                        {t(`coord.fig.${f}` as MessageKey)}
                      </th>
                    ))}
                    <th scope="col" className="text-end">
                      {t('coord.fig.certified')}
                    </th>
                    <th scope="col" className="text-end">
                      {t('coord.fig.hours')}
                    </th>
                    <th scope="col" className="text-end">
                      {t('coord.fig.targetMet')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((r) => (
                    <tr key={r.id}>
                      <th scope="row">
                        <Link to={`/coordinamento?${new URLSearchParams({ ...(courseId ? { courseId } : {}), unitId: r.id }).toString()}`}>{r.name}</Link>
                      </th>
                      <td className="text-end">{number(r.people)}</td>
                      {FIGURES.map((f) => (
                        <td key={f} className="text-end">
                          {number(r[f])}
                        </td>
                      ))}
                      <td className="text-end">{number(r.certified)}</td>
                      <td className="text-end">{number(r.hours)}</td>
                      <td className="text-end">{number(r.targetMet)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
      </section>

      <section aria-labelledby="desks-title" className="mt-5">
        <h2 id="desks-title" className="h3">
          {t('coord.desks.title')}
        </h2>
        <p>{t('coord.desks.lead')}</p>
        {deskCards.length === 0 ? (
          <p>{t('coord.desks.none')}</p>
        ) : (
          <ol data-testid="desk-questions">
            {deskCards.map((c) => (
              <li key={c.slug}>
                <Link to={`/biblioteca/${c.slug}`}>{c.title}</Link> ({c.count === null ? t('sportello.ind.small') : number(c.count)})
                {c.module ? (
                  <>
                    {' '}
                    · {t('coord.desks.module')}: <Link to={`/corsi/${c.module.courseSlug}/${c.module.slug}`}>{c.module.title}</Link>
                  </>
                ) : null}
              </li>
            ))}
          </ol>
        )}
      </section>

      <section aria-labelledby="export-title" className="mt-4">
        <h2 id="export-title" className="h3">
          {t('coord.export.report')}
        </h2>
        <ul className="list-inline">
          {(['xlsx', 'excel', 'csv'] as const).map((f) => (
            <li key={f} className="list-inline-item">
              <a href={`/coordinamento/esporta?${query({ kind: 'unita', format: f })}`} download>
                {t(`coord.export.${f}`)}
              </a>
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="tools-title" className="mt-4">
        <h2 id="tools-title" className="h3">
          {t('coord.links')}
        </h2>
        <ul>
          <li>
            <Link to={`/coordinamento/persone?${query({})}`}>{t('coord.people.title')}</Link>
          </li>
          <li>
            <Link to="/coordinamento/iscrizioni">{t('coord.import.title')}</Link>
          </li>
          <li>
            <Link to="/coordinamento/assegnazioni">{t('coord.assign.title')}</Link>
          </li>
          <li>
            <Link to="/coordinamento/aggiornamenti">{t('update.coord.title')}</Link>
          </li>
          <li>
            <Link to="/certificati/gestione">{t('cert.manage.title')}</Link>
          </li>
        </ul>
      </section>
    </div>
  );
}

function FigureRow({ label, value }: { label: string; value: string }) {
  return (
    <>
      <dt className="col-sm-6">{label}</dt>
      <dd className="col-sm-6">{value}</dd>
    </>
  );
}

export const meta: MetaFunction = () => [{ title: 'Coordinamento – Aula' }];
