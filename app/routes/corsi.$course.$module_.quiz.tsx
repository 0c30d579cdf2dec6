import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useParams } from '@remix-run/react';
import { getLocale, requireUser } from '~/auth/guards.server';
import { httpError } from '~/http/errors.server';
import { getQuizOverview, startAttempt } from '~/quiz/attempts.server';
import { formatDate, translate, useLocale, useT } from '~/i18n/i18n';
import { readForm } from '~/http/form.server';

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireUser({ request, context });
  const overview = await getQuizOverview({ userId: user.id, courseSlug: params.course!, moduleSlug: params.module! });
  if (!overview) throw httpError(404, 'error.notFound.quiz');
  return overview;
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUser({ request, context });
  const form = await readForm({ request, context });
  const locale = await getLocale({ request, context });
  if (form.get('intent') !== 'start') return data({ error: translate(locale, 'error.action') }, { status: 400 });
  const started = await startAttempt({ userId: user.id, courseSlug: params.course!, moduleSlug: params.module! });
  if (!started.ok) {
    if (started.reason === 'noQuiz') throw httpError(404, 'quiz.error.noQuiz');
    return data({ error: translate(locale, 'quiz.error.noAttemptsLeft') }, { status: 409 });
  }
  return redirect(`/corsi/${params.course}/${params.module}/quiz/${started.attemptId}`);
}

export default function QuizOverview() {
  const o = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const params = useParams();
  const t = useT();
  const locale = useLocale();
  const canStart = o.openAttemptId !== null || o.left === null || o.left > 0;
  return (
    <div className="container my-5" style={{ maxWidth: '50rem' }}>
      <nav aria-label={t('module.breadcrumb')} className="mb-3 small">
        <Link to={`/corsi/${params.course}`}>{t('courses.title')}</Link> › <Link to={`/corsi/${params.course}/${params.module}`}>{t('quiz.backToModule')}</Link>
      </nav>
      <h1>{o.rules.title}</h1>
      <section aria-labelledby="regole" className="aula-card my-4">
        <h2 id="regole" className="h5">
          {t('quiz.rules')}
        </h2>
        <dl className="row mb-0">
          <dt className="col-sm-6">{t('quiz.questions')}</dt>
          <dd className="col-sm-6">{o.rules.questionCount}</dd>
          <dt className="col-sm-6">{t('quiz.passMark')}</dt>
          <dd className="col-sm-6">{o.rules.passPercent}%</dd>
          <dt className="col-sm-6">{t('quiz.attemptsUsed')}</dt>
          <dd className="col-sm-6">{o.used}</dd>
          <dt className="col-sm-6">{t('quiz.attemptsLeft')}</dt>
          <dd className="col-sm-6">{o.left === null ? t('quiz.unlimited') : o.left}</dd>
          <dt className="col-sm-6">{t('quiz.timeLimit')}</dt>
          <dd className="col-sm-6">{o.rules.timeLimitMinutes ? `${o.rules.timeLimitMinutes} ${t('quiz.minutes')}` : t('quiz.noTimeLimit')}</dd>
          <dt className="col-sm-6">{t('quiz.feedbackRule')}</dt>
          <dd className="col-sm-6">{t(`quiz.feedback.${o.rules.feedback}`)}</dd>
        </dl>
      </section>
      {result?.error ? (
        <div className="alert alert-danger" role="alert">
          {result.error}
        </div>
      ) : null}
      {o.passed ? (
        <div className="alert alert-success" role="status">
          {t('quiz.passedAlready')}
        </div>
      ) : null}
      {canStart ? (
        <Form method="post">
          <input type="hidden" name="intent" value="start" />
          <button type="submit" className="btn btn-primary btn-lg">
            {o.openAttemptId ? t('quiz.resume') : t('quiz.start')}
          </button>
        </Form>
      ) : (
        <p className="alert alert-warning">{t('quiz.noAttemptsLeft')}</p>
      )}
      <h2 className="mt-5 h4">{t('quiz.history')}</h2>
      {o.history.length === 0 ? (
        <p>{t('quiz.none')}</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('quiz.attempt')}</th>
              <th scope="col">{t('quiz.submittedAt')}</th>
              <th scope="col">{t('quiz.result')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('quiz.review')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {o.history.map((h) => (
              <tr key={h.id}>
                <td>{h.attemptNo}</td>
                <td>{formatDate(h.submittedAt, locale)}</td>
                <td>
                  {h.percent}% – {h.passed ? t('quiz.passed') : t('quiz.failed')}
                </td>
                <td>
                  <Link to={`/corsi/${params.course}/${params.module}/quiz/${h.id}`}>
                    {t('quiz.review')} <span className="visually-hidden">{`${t('quiz.attempt')} ${h.attemptNo}`}</span>
                  </Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.rules.title ?? 'Verifica'} – Aula` }];
