import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { getLocale, requireUser } from '~/auth/guards.server';
import { listCourses } from '~/courses/courses.server';
import { createCalendarFeed, getCalendarFeed, revokeCalendarFeed } from '~/coordination/calendar.server';
import { calendarForm } from '~/coordination/forms';
import { readForm } from '~/http/form.server';
import { parseForm } from '~/utils/parse-form';
import { useI18n } from '~/i18n/i18n';
import { Field, FormAlert } from '~/components/field';
import { ProgressBar } from '~/components/layout';
import { UpdateNotice } from '~/components/update-notice';

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser({ request, context });
  const [courses, feed] = await Promise.all([listCourses({ userId: user.id }), getCalendarFeed({ userId: user.id })]);
  return { courses, feed: feed ? { createdAt: feed.createdAt.toISOString() } : null };
}

/** The calendar feed: create (or replace) its private URL, shown once in the answer; or revoke it. */
export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser({ request, context });
  const parsed = parseForm(calendarForm, await readForm({ request, context }), await getLocale({ request, context }));
  if (!parsed.data) return data({ error: parsed.errors.intent ?? Object.values(parsed.errors)[0]!, url: null, revoked: false }, { status: 400 });
  if (parsed.data.intent === 'revoke') {
    await revokeCalendarFeed({ userId: user.id });
    return { error: null, url: null, revoked: true };
  }
  const feed = await createCalendarFeed({ userId: user.id });
  return { error: null, url: feed.url, revoked: false };
}

export default function MyCourses() {
  const { courses, feed } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, date } = useI18n();
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
      <section className="aula-card my-5" aria-labelledby="calendario">
        <h2 id="calendario" className="h3">
          {t('calendar.title')}
        </h2>
        <p>{t('calendar.lead')}</p>
        <p className="small">{t('calendar.private')}</p>
        {result?.error ? <FormAlert kind="error">{result.error}</FormAlert> : null}
        {result?.revoked ? <FormAlert kind="success">{t('calendar.revoked')}</FormAlert> : null}
        {result?.url ? (
          <>
            <FormAlert kind="success">{t('calendar.created')}</FormAlert>
            <Field name="calendarUrl" label={t('calendar.url')} defaultValue={result.url} readOnly spellCheck={false} />
          </>
        ) : feed ? (
          <p>{t('calendar.active', { date: date(feed.createdAt) })}</p>
        ) : (
          <p>{t('calendar.none')}</p>
        )}
        <div className="d-flex gap-3 flex-wrap">
          <Form method="post">
            <button type="submit" name="intent" value="create" className="btn btn-primary">
              {feed || result?.url ? t('calendar.regenerate') : t('calendar.create')}
            </button>
          </Form>
          {feed || result?.url ? (
            <Form method="post">
              <button type="submit" name="intent" value="revoke" className="btn btn-outline-danger">
                {t('calendar.revoke')}
              </button>
            </Form>
          ) : null}
        </div>
      </section>
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: 'I miei corsi – Aula' }];
