import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { requireRole } from '~/auth/guards.server';
import { listStudioModules } from '~/studio/drafts.server';
import { listOutlineCourses } from '~/studio/outline.server';
import { listStudioLibrary } from '~/studio/documents.server';
import { DraftState, StudioLibraryTable } from '~/components/studio-library';
import { useI18n } from '~/i18n/i18n';

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireRole({ request, context }, 'lecturer');
  return { modules: await listStudioModules(), courses: await listOutlineCourses(), library: await listStudioLibrary() };
}

export default function StudioIndex() {
  const { modules, courses: outlines, library } = useLoaderData<typeof loader>();
  const { t, dateTime } = useI18n();
  const courses = [...new Set(modules.map((m) => m.courseTitle))];
  return (
    <div className="container my-5">
      <h1>{t('studio.title')}</h1>
      <p className="lead">{t('studio.lead')}</p>
      <p>
        <Link to="/studio/immagini">{t('media.title')}</Link> · <Link to="/studio/importa">{t('bundle.link')}</Link>
      </p>
      <ul>
        {outlines.map((c) => (
          <li key={c.slug}>
            <Link to={`/studio/corsi/${c.slug}`}>{t('outline.link', { course: c.title })}</Link>
          </li>
        ))}
      </ul>
      {courses.map((course) => (
        <section key={course} className="mb-5">
          <h2 className="h3">{course}</h2>
          <div className="table-responsive">
            <table className="table">
              <caption className="visually-hidden">{course}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('studio.col.module')}</th>
                  <th scope="col">{t('studio.col.version')}</th>
                  <th scope="col">{t('studio.col.draft')}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t('studio.history')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {modules
                  .filter((m) => m.courseTitle === course)
                  .map((m) => (
                    <tr key={m.id}>
                      <td>
                        <Link to={`/studio/moduli/${m.id}`}>
                          {m.position}. {m.title ?? m.slug}
                        </Link>
                      </td>
                      <td>{m.versionNo ? `${m.versionNo} · ${dateTime(m.publishedAt)}` : '—'}</td>
                      <td>
                        <DraftState row={m} />
                      </td>
                      <td>
                        <Link to={`/studio/moduli/${m.id}/versioni`}>
                          {t('studio.history')}
                          <span className="visually-hidden">: {m.title ?? m.slug}</span>
                        </Link>
                      </td>
                    </tr>
                  ))}
              </tbody>
            </table>
          </div>
        </section>
      ))}
      <StudioLibraryTable rows={library} />
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: 'Studio dei docenti – Aula' }];
