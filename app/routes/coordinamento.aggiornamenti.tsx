import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { requireRole } from '~/auth/guards.server';
import { listLawUpdates } from '~/coordination/law-updates.server';
import { useI18n } from '~/i18n/i18n';

/** The law changes published in the modules, with how many people of the coordinator's scope are up to date. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireRole({ request, context }, 'coordinator');
  return { updates: await listLawUpdates({ actorId: user.id }) };
}

export default function CoordinationUpdates() {
  const { updates } = useLoaderData<typeof loader>();
  const { t, number, date } = useI18n();
  return (
    <div className="container my-5">
      <p>
        <Link to="/coordinamento">{t('coord.title')}</Link>
      </p>
      <h1>{t('update.coord.title')}</h1>
      <p className="lead">{t('update.coord.lead')}</p>
      {updates.length === 0 ? (
        <p>{t('update.coord.none')}</p>
      ) : (
        <div className="table-responsive">
          <table className="table">
            <caption className="visually-hidden">{t('update.coord.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('update.coord.col.module')}</th>
                <th scope="col">{t('update.coord.col.summary')}</th>
                <th scope="col" className="text-end">
                  {t('update.coord.col.upToDate')}
                </th>
                <th scope="col" className="text-end">
                  {t('update.coord.col.pending')}
                </th>
                <th scope="col" className="text-end">
                  {t('update.coord.col.overdue')}
                </th>
              </tr>
            </thead>
            <tbody>
              {updates.map((u) => (
                <tr key={u.versionId} data-testid="law-update">
                  <th scope="row">
                    <Link to={`/coordinamento/aggiornamenti/${u.versionId}`} aria-label={t('update.coord.open', { title: u.moduleTitle, version: u.versionNo })}>
                      {u.moduleTitle}
                    </Link>
                    <br />
                    <span className="small fw-normal">
                      {u.courseTitle} · {t('update.coord.col.version')} {u.versionNo} · {date(u.publishedAt)}
                    </span>
                  </th>
                  <td lang="it">{u.summary}</td>
                  <td className="text-end">{number(u.upToDate)}</td>
                  <td className="text-end">{number(u.pending)}</td>
                  <td className="text-end">{number(u.overdue)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: 'Aggiornamenti normativi – Coordinamento – Aula' }];
