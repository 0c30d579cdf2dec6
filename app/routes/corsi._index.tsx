import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { requireUser } from '~/auth/guards.server';
import { listCourses } from '~/courses/courses.server';
import { useT } from '~/i18n/i18n';
import { ProgressBar } from '~/components/layout';
import { UpdateNotice } from '~/components/update-notice';

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser({ request, context });
  return { courses: await listCourses({ userId: user.id }) };
}

export default function MyCourses() {
  const { courses } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div className="container my-5">
      <h1>{t('courses.title')}</h1>
      {courses.length === 0 ? <p>{t('courses.empty')}</p> : null}
      {courses.map((c) => (
        <article key={c.slug} className="aula-card my-4">
          <h2 className="h3">
            <Link to={`/corsi/${c.slug}`}>{c.title}</Link>
          </h2>
          <p>{c.description}</p>
          <p className="small mb-2">
            {c.hours} {t('courses.hours')} · {c.progress.moduleCount} {t('courses.modules').toLowerCase()} · {c.progress.completedModules} {t('course.completedModules')}
          </p>
          {c.dueOn ? (
            <p className={`small mb-2${c.late ? ' fw-semibold' : ''}`}>
              {t('coord.person.due', { date: c.dueOn.split('-').reverse().join('/') })}
              {c.late ? ` · ${t('coord.status.overdue')}` : ''}
            </p>
          ) : null}
          <ProgressBar percent={c.progress.percent} label={t('courses.progress')} />
          <UpdateNotice courseSlug={c.slug} modules={c.updates} level={3} />
          <div className="mt-3 d-flex gap-3 flex-wrap">
            <Link className="btn btn-primary" to={`/corsi/${c.slug}`}>
              {t('courses.open')}
            </Link>
            {c.progress.resume ? (
              <Link className="btn btn-outline-primary" to={`/corsi/${c.slug}/${c.progress.resume.slug}${c.progress.resume.step === 'quiz' ? '/quiz' : ''}`}>
                {t('courses.resume')}
              </Link>
            ) : null}
          </div>
        </article>
      ))}
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: 'I miei corsi – Aula' }];
