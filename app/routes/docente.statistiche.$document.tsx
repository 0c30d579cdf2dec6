import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useLoaderData } from '@remix-run/react';
import { requireRole } from '~/auth/guards.server';
import { getQuizStats } from '~/quiz/stats.server';
import { formatNumber, useI18n } from '~/i18n/i18n';
import { httpError } from '~/http/errors.server';

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requireRole({ request, context }, 'lecturer');
  const url = new URL(request.url);
  const versionNo = Number(url.searchParams.get('versione')) || undefined;
  const allAttempts = url.searchParams.get('tutti') === '1';
  const stats = /^[0-9a-f-]{36}$/i.test(params.document!) ? await getQuizStats({ documentId: params.document!, versionNo, allAttempts }) : null;
  if (!stats) throw httpError(404, 'error.notFound.quiz');
  return { stats, documentId: params.document! };
}

export default function QuizStats() {
  const { stats, documentId } = useLoaderData<typeof loader>();
  const { t, locale } = useI18n();
  const fmt = (n: number | null) => (n === null ? '–' : formatNumber(n, locale, { maximumFractionDigits: 3 }));
  const csv = `/docente/statistiche/${documentId}/csv?versione=${stats.versionNo}${stats.allAttempts ? '&tutti=1' : ''}`;
  return (
    <div className="container my-5">
      <nav className="small mb-3" aria-label={t('module.breadcrumb')}>
        <Link to="/docente/statistiche">{t('stats.title')}</Link>
      </nav>
      <p className="mb-1 text-uppercase small fw-semibold">{t('stats.title')}</p>
      <h1>{stats.title}</h1>
      <Form method="get" className="d-flex flex-wrap gap-3 align-items-end my-3">
        <div>
          <label htmlFor="versione" className="form-label">
            {t('stats.version')}
          </label>
          <select id="versione" name="versione" className="form-select" defaultValue={String(stats.versionNo)}>
            {stats.versions.map((v) => (
              <option key={v} value={v}>
                {v}
              </option>
            ))}
          </select>
        </div>
        <div className="form-check">
          <input className="form-check-input" type="checkbox" id="tutti" name="tutti" value="1" defaultChecked={stats.allAttempts} />
          <label className="form-check-label" htmlFor="tutti">
            {t('stats.allAttempts')}
          </label>
        </div>
        <button type="submit" className="btn btn-outline-primary">
          {t('stats.open')}
        </button>
        <a className="btn btn-link" href={csv}>
          {t('stats.csv')}
        </a>
      </Form>
      <p>
        {t('stats.attempts')}: <strong data-testid="attempt-count">{stats.attempts}</strong> ({stats.allAttempts ? t('stats.allAttempts') : t('stats.firstOnly')})
      </p>
      {stats.items.length === 0 ? (
        <p>{t('stats.none')}</p>
      ) : (
        <div className="table-responsive">
          <table className="table">
            <caption className="visually-hidden">{t('stats.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('stats.question')}</th>
                <th scope="col">{t('stats.attempts')}</th>
                <th scope="col">{t('stats.facility')}</th>
                <th scope="col">{t('stats.discrimination')}</th>
                <th scope="col">{t('stats.options')}</th>
                <th scope="col">{t('stats.flags')}</th>
              </tr>
            </thead>
            <tbody>
              {stats.items.map((i) => (
                <tr key={i.id} data-question={i.id}>
                  <th scope="row" className="fw-normal">
                    <code>{i.id}</code> {i.prompt}
                  </th>
                  <td>{i.attempts}</td>
                  <td data-testid="facility">{fmt(i.facility)}</td>
                  <td data-testid="discrimination">{fmt(i.discrimination)}</td>
                  <td>
                    <ul className="list-unstyled mb-0 small">
                      {i.options.map((o) => (
                        <li key={o.id}>
                          {o.correct ? '✓ ' : ''}
                          {o.text}: {o.chosen}
                        </li>
                      ))}
                    </ul>
                  </td>
                  <td>
                    <ul className="mb-0 small">
                      {i.flags.map((f) => (
                        <li key={f}>{f}</li>
                      ))}
                    </ul>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.stats.title ? `${data.stats.title} – ` : ''}Statistiche della verifica – Aula` }];
