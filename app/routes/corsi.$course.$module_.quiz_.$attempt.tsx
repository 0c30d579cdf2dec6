import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import type { ShouldRevalidateFunction } from '@remix-run/react';
import { data, redirect } from '@remix-run/node';
import { Form, Link, useActionData, useFetcher, useLoaderData, useParams, useSearchParams } from '@remix-run/react';
import { useEffect, useRef } from 'react';
import { getLocale, requireUser } from '~/auth/guards.server';
import { httpError } from '~/http/errors.server';
import { formValues } from '~/http/form.server';
import { QuizInputError, checkAnswer, getAttemptView, saveAnswers, submitAttempt } from '~/quiz/attempts.server';
import { correctionOf, type Correction } from '~/quiz/review';
import type { FormValues } from '~/quiz/engine';
import { QuizQuestion } from '~/components/quiz-question';
import { translate, useT, type Locale, type MessageKey } from '~/i18n/i18n';
import { readForm } from '~/http/form.server';

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireUser({ request, context });
  const view = await getAttemptView({ userId: user.id, attemptId: params.attempt! });
  if (!view) throw httpError(404, 'error.notFound.attempt');
  if (view.state === 'open') {
    return { state: 'open' as const, id: view.id, attemptNo: view.attemptNo, rules: view.rules, deadlineAt: view.deadlineAt, questions: view.questions, values: view.values, checked: view.checked };
  }
  const showReview = view.rules.feedback !== 'never';
  const { questions, answers, seed } = view.review;
  return {
    state: 'submitted' as const,
    id: view.id,
    attemptNo: view.attemptNo,
    rules: view.rules,
    score: view.score,
    maxScore: view.maxScore,
    percent: view.percent,
    passed: view.passed,
    review: showReview ? questions.map((q) => correctionOf(q, answers[q.id] ?? null, seed, view.perQuestion[q.id] ?? { score: 0, max: q.points, correct: false })) : null,
  };
}

/** A refused quiz input in the reader's language (the parse detail of an invalid answer too). */
function quizErrorText(locale: Locale, err: QuizInputError): string {
  const values = { ...err.values };
  if (err.code === 'invalidAnswer' && typeof values.detail === 'string') values.detail = translate(locale, `quiz.parse.${values.detail}` as MessageKey, values);
  return translate(locale, `quiz.error.${err.code}`, values);
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUser({ request, context });
  const form = await readForm({ request, context });
  const intent = form.get('intent');
  const values: FormValues = formValues(form);
  const locale = await getLocale({ request, context });
  try {
    if (intent === 'save') {
      const { savedAt } = await saveAnswers({ userId: user.id, attemptId: params.attempt!, form: values });
      return { saved: savedAt.toISOString(), error: null };
    }
    if (typeof intent === 'string' && intent.startsWith('check:')) {
      const { savedAt } = await checkAnswer({ userId: user.id, attemptId: params.attempt!, questionId: intent.slice('check:'.length), form: values });
      return { saved: savedAt.toISOString(), error: null };
    }
    if (intent === 'submit') {
      const result = await submitAttempt({ userId: user.id, attemptId: params.attempt!, form: values });
      if (result.alreadySubmitted) return data({ saved: null, error: translate(locale, 'quiz.error.alreadySubmittedResult') }, { status: 400 });
      return redirect(`/corsi/${params.course}/${params.module}/quiz/${params.attempt}${'late' in result && result.late ? '?scaduto=1' : ''}`);
    }
    return data({ saved: null, error: translate(locale, 'error.action') }, { status: 400 });
  } catch (err) {
    if (err instanceof QuizInputError) return data({ saved: null, error: quizErrorText(locale, err) }, { status: 400 });
    throw err;
  }
}

export default function AttemptPage() {
  const d = useLoaderData<typeof loader>();
  const params = useParams();
  const t = useT();
  const back = `/corsi/${params.course}/${params.module}/quiz`;
  return (
    <div className="container my-5" style={{ maxWidth: '50rem' }}>
      <nav aria-label={t('module.breadcrumb')} className="mb-3 small">
        <Link to={`/corsi/${params.course}/${params.module}`}>{t('quiz.backToModule')}</Link> › <Link to={back}>{t('quiz.backToQuiz')}</Link>
      </nav>
      <h1>
        {d.rules.title} – {t('quiz.attempt')} {d.attemptNo}
      </h1>
      {d.state === 'open' ? <OpenAttempt /> : <Results />}
    </div>
  );
}

function OpenAttempt() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const fetcher = useFetcher<typeof action>();
  const formRef = useRef<HTMLFormElement>(null);
  const timer = useRef<ReturnType<typeof setTimeout>>();
  useEffect(() => () => clearTimeout(timer.current), []);
  if (d.state !== 'open') return null;
  const autosave = () => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      if (!formRef.current) return;
      const fd = new FormData(formRef.current);
      fd.set('intent', 'save');
      fetcher.submit(fd, { method: 'post' });
    }, 400);
  };
  const saved = fetcher.data?.saved ?? result?.saved;
  const error = fetcher.data?.error ?? result?.error;
  return (
    <>
      {d.deadlineAt ? (
        <p className="alert alert-info">
          {t('quiz.deadline')} <time dateTime={String(d.deadlineAt)}>{new Date(d.deadlineAt).toLocaleTimeString('it-IT', { hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Rome' })}</time>
        </p>
      ) : null}
      <p className="small">{t('quiz.autosave')}</p>
      {error ? (
        <div className="alert alert-danger" role="alert">
          {error}
        </div>
      ) : null}
      {/* Submitting cancels a pending autosave, which would otherwise reach an attempt already handed in. */}
      <Form method="post" ref={formRef} onChange={autosave} onSubmit={() => clearTimeout(timer.current)} noValidate>
        {d.questions.map((q, i) => {
          const correction = d.checked.find((c) => c.id === q.id);
          return (
            <QuizQuestion key={q.id} q={q} n={i + 1} values={d.values} locked={Boolean(correction)}>
              {correction ? (
                <div className="mt-3" role="status">
                  <p className="small mb-2">{t('quiz.lockedAnswer')}</p>
                  <Correction r={correction} />
                </div>
              ) : d.rules.feedback === 'immediate' ? (
                <button type="submit" name="intent" value={`check:${q.id}`} className="btn btn-outline-primary btn-sm mt-3">
                  {t('quiz.check')}
                </button>
              ) : null}
            </QuizQuestion>
          );
        })}
        <p role="status" aria-live="polite" className="small" data-testid="save-status">
          {fetcher.state !== 'idle'
            ? t('quiz.saving')
            : saved
              ? `${t('quiz.saved')} ${new Date(saved).toLocaleTimeString('it-IT', { hour: '2-digit', minute: '2-digit', second: '2-digit', timeZone: 'Europe/Rome' })}`
              : ''}
        </p>
        <div className="d-flex gap-3 flex-wrap">
          <button type="submit" name="intent" value="save" className="btn btn-outline-primary">
            {t('quiz.save')}
          </button>
          <button type="submit" name="intent" value="submit" className="btn btn-primary">
            {t('quiz.submit')}
          </button>
        </div>
      </Form>
    </>
  );
}

function Results() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [search] = useSearchParams();
  const t = useT();
  if (d.state !== 'submitted') return null;
  return (
    <>
      {search.get('scaduto') ? <p className="alert alert-warning">{t('quiz.late')}</p> : null}
      {result?.error ? (
        <div className="alert alert-warning" role="alert">
          {result.error}
        </div>
      ) : null}
      <section className={`alert ${d.passed ? 'alert-success' : 'alert-danger'}`} aria-labelledby="esito">
        <h2 id="esito" className="h4">
          {d.passed ? t('quiz.passed') : t('quiz.failed')}: {d.percent}%
        </h2>
        <p className="mb-0">
          {t('quiz.score')}: {d.score} / {d.maxScore} · {t('quiz.passMark')}: {d.rules.passPercent}%
        </p>
      </section>
      {d.review ? (
        <ol className="list-unstyled">
          {d.review.map((r, i) => (
            <li key={r.id} className="aula-card mb-3">
              <h3 className="h6">
                {i + 1}. {r.prompt}
              </h3>
              <Correction r={r} />
            </li>
          ))}
        </ol>
      ) : (
        <p>{t('quiz.noFeedback')}</p>
      )}
    </>
  );
}

/** A graded question: the learner's answer, the points, the right answer, the explanation and the source. */
function Correction({ r }: { r: Correction }) {
  const t = useT();
  return (
    <>
      <p className="mb-1">
        <strong>{t('quiz.yourAnswer')}:</strong> {r.given}
      </p>
      <p className="mb-1">
        <span className={`aula-status ${r.correct ? 'done' : r.score > 0 ? 'read' : 'todo'}`}>{r.correct ? t('quiz.correct') : r.score > 0 ? t('quiz.partial') : t('quiz.wrong')}</span> {r.score} /{' '}
        {r.max} {t('quiz.points')}
      </p>
      <p className="mb-1">{r.correctAnswer}</p>
      <p className="mb-1">
        <strong>{t('quiz.explanation')}:</strong> {r.explanation}
      </p>
      {r.source ? (
        <p className="mb-0 small">
          {t('quiz.source')}: {r.source}
        </p>
      ) : null}
    </>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.rules.title ?? 'Verifica'} – Aula` }];

/** An autosave changes nothing on the page: no need to reload its data after it. */
export const shouldRevalidate: ShouldRevalidateFunction = ({ formData, defaultShouldRevalidate }) => (formData?.get('intent') === 'save' ? false : defaultShouldRevalidate);
