import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { requireUser } from '~/auth/guards.server';
import { getCourseModules } from '~/courses/courses.server';
import { formatDate, useLocale, useT, sameWords } from '~/i18n/i18n';
import { ProgressBar } from '~/components/layout';
import { ModuleStatusBadge } from '~/components/module-status';
import { UpdateNotice } from '~/components/update-notice';
import { httpError } from '~/http/errors.server';

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireUser({ request, context });
  const data = await getCourseModules({ userId: user.id, courseSlug: params.course! });
  if (!data) throw httpError(404, 'error.notFound.course');
  const def = data.course.definition;
  return {
    course: {
      slug: data.course.slug,
      title: data.course.title,
      description: def.description,
      audience: def.audience,
      hours: def.hours,
      organisers: def.organisers,
      partners: def.partners,
      programme: def.programme ?? null,
    },
    modules: data.modules,
    progress: data.progress,
  };
}

export default function CoursePage() {
  const { course, modules, progress } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <div className="container my-5">
      <nav aria-label={t('module.breadcrumb')} className="mb-3">
        <Link to="/corsi">{t('courses.title')}</Link>
      </nav>
      <h1>{course.title}</h1>
      <p className="lead aula-prose">{course.description}</p>
      <p className="small">
        {course.organisers.join(' · ')}
        {course.programme ? ` · ${course.programme}` : ''}
        {course.partners.length ? ` · Partner: ${course.partners.join(', ')}` : ''}
      </p>
      <UpdateNotice courseSlug={course.slug} modules={modules.filter((m) => m.update).map((m) => ({ slug: m.slug, title: m.title, update: m.update! }))} />
      <div className="my-4" style={{ maxWidth: '40rem' }}>
        <ProgressBar percent={progress.percent} label={t('courses.progress')} />
        {progress.resume ? (
          <Link className="btn btn-primary mt-3" to={`/corsi/${course.slug}/${progress.resume.slug}${progress.resume.step === 'quiz' ? '/quiz' : ''}`}>
            {t('courses.resume')}: {modules.find((m) => m.slug === progress.resume!.slug)?.title}
          </Link>
        ) : null}
      </div>
      <h2>{t('courses.modules')}</h2>
      <ol className="aula-module-list">
        {modules.map((m) => (
          <li key={m.slug}>
            <div className="d-flex flex-wrap justify-content-between gap-2">
              <h3 className="h5 mb-1">
                <Link to={`/corsi/${course.slug}/${m.slug}`}>
                  {m.isFinalExam ? (sameWords(m.title, t('course.finalExam')) ? '' : `${t('course.finalExam')}: `) : `${m.position}. `}
                  {m.title}
                </Link>
              </h3>
              <ModuleStatusBadge module={m} />
            </div>
            <p className="mb-1">{m.summary}</p>
            <p className="small mb-1">
              {m.estimatedMinutes} {t('course.minutes')}
              {m.hasQuiz ? ` · ${t('course.quiz')}` : ''}
              {m.status.completedAt ? ` · ${t('course.status.done')}: ${formatDate(m.status.completedAt, locale)}` : ''}
            </p>
            <details>
              <summary>{t('course.objectives')}</summary>
              <ul>
                {m.objectives.map((o) => (
                  <li key={o}>{o}</li>
                ))}
              </ul>
            </details>
          </li>
        ))}
      </ol>
    </div>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.course.title ?? 'Corso'} – Aula` }];
