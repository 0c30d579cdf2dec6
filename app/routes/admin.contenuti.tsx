import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { requireRole } from '~/auth/guards.server';
import { getImportProblems } from '~/content/import-report.server';
import { isoDate, useI18n } from '~/i18n/i18n';

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireRole({ request, context }, 'admin');
  return { problems: await getImportProblems() };
}

export default function AdminContent() {
  const { problems } = useLoaderData<typeof loader>();
  const { t, date } = useI18n();
  return (
    <div className="container my-5">
      <h1>{t('admin.content.title')}</h1>
      {!problems ? (
        <p role="status">{t('admin.content.ok')}</p>
      ) : (
        <>
          <div className="alert alert-danger" role="alert">
            {t('admin.content.problems')}
          </div>
          <p>
            {t('admin.content.at')}: <time dateTime={isoDate(problems.at)}>{date(problems.at)}</time> ({problems.source})
          </p>
          <div className="table-responsive">
            <table className="table">
              <caption className="visually-hidden">{t('admin.content.title')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('admin.content.file')}</th>
                  <th scope="col">{t('admin.content.where')}</th>
                  <th scope="col">{t('admin.content.message')}</th>
                </tr>
              </thead>
              <tbody>
                {problems.issues.map((i, n) => (
                  <tr key={n}>
                    <td>
                      <code>{i.file}</code>
                    </td>
                    <td>{i.line != null ? `${i.line}${i.column != null ? `:${i.column}` : ''}` : ''}</td>
                    <td lang="it">{i.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: 'Importazione dei contenuti – Aula' }];
