import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { requireRole } from '~/auth/guards.server';
import { httpError } from '~/http/errors.server';
import { loadQuizPreview } from '~/studio/quiz-edit.server';
import { answerToFormValues, correctAnswerFor, describeCorrectAnswer, toPublicQuestion } from '~/quiz/engine';
import { IssueList } from '~/components/studio-panels';
import { QuizQuestion } from '~/components/quiz-question';
import { useI18n } from '~/i18n/i18n';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A fixed seed: the preview shows options in the author's order, the way every learner sees their texts. */
const SEED = 'anteprima-studio';

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  await requireRole({ request, context }, 'lecturer');
  const page = UUID.test(params.id ?? '') ? await loadQuizPreview(params.id!) : null;
  if (!page) throw httpError(404);
  const questions = (page.quiz?.questions ?? []).map((q) => ({
    question: toPublicQuestion(q, { seed: SEED, shuffle: false }),
    values: answerToFormValues(q, correctAnswerFor(q, SEED), SEED),
    key: describeCorrectAnswer(q),
    explanation: q.explanation,
    source: q.source ?? null,
  }));
  const quiz = page.quiz ? { title: page.quiz.title, passPercent: page.quiz.passPercent, attempts: page.quiz.attempts, draw: page.quiz.draw ?? null } : null;
  return { document: page.document, fromDraft: page.fromDraft, issues: page.issues, quiz, questions };
}

export default function QuizPreview() {
  const page = useLoaderData<typeof loader>();
  const { t } = useI18n();
  const base = `/studio/moduli/${page.document.id}`;
  return (
    <div className="container my-5" style={{ maxWidth: '50rem' }}>
      <p>
        <Link to={base}>{t('studio.quizForm.backToEditor')}</Link> · <Link to={`${base}/quiz`}>{t('studio.quizForm.link')}</Link>
      </p>
      <h1>{t('studio.quizPreview.title', { title: page.document.title })}</h1>
      <p>{t(page.fromDraft ? 'studio.quizPreview.fromDraft' : 'studio.quizPreview.fromPublished')}</p>
      {page.issues.length ? <IssueList issues={page.issues} /> : null}
      {page.quiz ? (
        <>
          <p>
            <strong lang="it">{page.quiz.title}</strong> · {t('studio.quizPreview.rules', { pass: page.quiz.passPercent, count: page.questions.length, draw: page.quiz.draw ?? page.questions.length })}
          </p>
          <div lang="it">
            {page.questions.map((q, i) => (
              <QuizQuestion key={q.question.id} q={q.question} n={i + 1} values={q.values} locked>
                <div className="aula-quiz-key mt-3">
                  <p className="mb-1">
                    <strong>{t('studio.quizPreview.key')}</strong> {q.key}
                  </p>
                  <p className="mb-0">
                    <strong>{t('studio.quizPreview.explanation')}</strong> {q.explanation}
                    {q.source ? ` (${q.source})` : ''}
                  </p>
                </div>
              </QuizQuestion>
            ))}
          </div>
        </>
      ) : page.issues.length ? null : (
        <p>{t('studio.quizPreview.none')}</p>
      )}
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: 'Studio: anteprima della verifica – Aula' }];
