import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { requireUser } from '~/auth/guards.server';
import { getCourseModules } from '~/courses/courses.server';
import { getUpdateDiff } from '~/progress/updates.server';
import { formatDate, useLocale, useT } from '~/i18n/i18n';
import { WordDiff } from '~/components/studio-diff';
import { UpdateDue } from '~/components/update-notice';
import { httpError } from '~/http/errors.server';

/** "Cosa è cambiato": the law change's summary and the word diff between the version read and the current one. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireUser({ request, context });
  const data = await getCourseModules({ userId: user.id, courseSlug: params.course! });
  const m = data?.modules.find((x) => x.slug === params.module);
  if (!data || !m) throw httpError(404, 'error.notFound.module');
  const found = m.update ? await getUpdateDiff({ userId: user.id, documentId: m.documentId }) : null;
  return {
    course: { slug: data.course.slug, title: data.course.title },
    module: { slug: m.slug, title: m.title, versionNo: m.versionNo, hasQuiz: m.hasQuiz },
    update: found?.update ?? null,
    diff: found?.diff ?? null,
  };
}

export default function WhatChanged() {
  const { course, module: m, update, diff } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <div className="container my-5">
      <nav aria-label={t('module.breadcrumb')} className="mb-3 small">
        <Link to="/corsi">{t('courses.title')}</Link> › <Link to={`/corsi/${course.slug}`}>{course.title}</Link> › <Link to={`/corsi/${course.slug}/${m.slug}`}>{m.title}</Link>
      </nav>
      <h1>
        {t('update.page.title')}: {m.title}
      </h1>
      {!update ? (
        <div className="alert alert-success" role="status">
          <p className="mb-0">{t('update.page.upToDate')}</p>
        </div>
      ) : (
        <>
          <section aria-labelledby="sintesi" className="alert alert-warning">
            <h2 id="sintesi" className="h4">
              {t('update.page.summary')}
            </h2>
            <ul className="mb-2">
              {update.changes.map((c) => (
                <li key={c.versionNo}>
                  <span lang="it">{c.summary}</span> <span className="small">({t('update.notice.published', { date: formatDate(c.publishedAt, locale) })})</span>
                </li>
              ))}
            </ul>
            <UpdateDue dueOn={update.dueOn} overdue={update.overdue} />
            {update.needsRead ? <p className="mb-1">{t('update.page.needsRead')}</p> : null}
            {update.needsQuiz ? <p className="mb-1">{t('update.page.needsQuiz')}</p> : null}
            <p className="mb-0 d-flex flex-wrap gap-3 mt-2">
              {update.needsRead ? (
                <Link className="btn btn-primary" to={`/corsi/${course.slug}/${m.slug}`}>
                  {t('update.notice.read')}
                </Link>
              ) : null}
              {update.needsQuiz && m.hasQuiz ? (
                <Link className="btn btn-outline-primary" to={`/corsi/${course.slug}/${m.slug}/quiz`}>
                  {t('update.notice.quiz')}
                </Link>
              ) : null}
            </p>
          </section>
          {diff ? (
            <section aria-labelledby="differenze" className="aula-card">
              <h2 id="differenze" className="h4">
                {t('update.page.diff')}
              </h2>
              <p>{t('update.page.lead', { from: diff.fromNo, to: diff.toNo })}</p>
              {diff.changes ? (
                <>
                  <p className="small">{t('update.page.changes', { count: diff.changes })}</p>
                  <WordDiff parts={diff.words} />
                </>
              ) : (
                <p className="mb-0">{t('update.page.noText')}</p>
              )}
            </section>
          ) : null}
        </>
      )}
    </div>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Cosa è cambiato: ${data?.module.title ?? 'Modulo'} – Aula` }];
