import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, type ShouldRevalidateFunction } from '@remix-run/react';
import { requireRole } from '~/auth/guards.server';
import { readForm } from '~/http/form.server';
import { httpError } from '~/http/errors.server';
import { BLANK_ROWS, editQuiz, loadQuizEditor, readQuestionForm } from '~/studio/quiz-edit.server';
import { blankQuestion, isQuestionType, QUESTION_TYPES, type QuestionFormValues } from '~/studio/quiz-form';
import { quizEditForm } from '~/studio/forms';
import { FormAlert, SelectField } from '~/components/field';
import { IssueList } from '~/components/studio-panels';
import { QuestionForm, QuestionMoves } from '~/components/studio-quiz';
import { useI18n, type MessageKey } from '~/i18n/i18n';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  await requireRole({ request, context }, 'lecturer');
  const page = UUID.test(params.id ?? '') ? await loadQuizEditor(params.id!) : null;
  if (!page) throw httpError(404);
  const type = new URL(request.url).searchParams.get('nuova');
  return { ...page, newType: isQuestionType(type) ? type : null, blankRows: BLANK_ROWS };
}

type Issue = { file: string; line: number | null; column: number | null; message: string };
type Result = {
  ok: boolean;
  message: MessageKey;
  values?: Record<string, string | number>;
  /** the question the result is about: its index, or "new" */
  target?: number | 'new';
  form?: QuestionFormValues;
  errors?: Record<string, string>;
  issues?: Issue[];
  theirs?: { quizSource: string; updatedBy: string | null };
};

export async function action({ request, context, params }: ActionFunctionArgs) {
  const user = await requireRole({ request, context }, 'lecturer');
  if (!UUID.test(params.id ?? '')) throw httpError(404);
  const documentId = params.id!;
  const form = await readForm({ request, context });
  const parsed = quizEditForm.safeParse(Object.fromEntries([...form.entries()].filter(([k]) => k === 'intent' || k === 'index' || k === 'revision' || k === 'type')));
  if (!parsed.success) return data<Result>({ ok: false, message: 'form.invalid' }, { status: 400 });
  const f = parsed.data;
  const target = f.intent === 'add' ? ('new' as const) : f.index;
  const values = f.intent === 'add' || f.intent === 'update' ? readQuestionForm(form, f.type) : undefined;
  const r = await editQuiz({
    documentId,
    actorId: user.id,
    revision: f.revision,
    change: f.intent === 'add' ? { op: 'add', form: values! } : f.intent === 'update' ? { op: 'update', index: f.index, form: values! } : { op: f.intent, index: f.index },
  });
  if (r.ok) {
    const message: MessageKey = `studio.quizForm.done.${f.intent}`;
    return data<Result>({ ok: true, message, values: { n: f.intent === 'add' ? '' : f.index + 1, revision: r.revision }, target });
  }
  switch (r.reason) {
    case 'notFound':
      throw httpError(404);
    case 'fields':
      return data<Result>({ ok: false, message: 'studio.quizForm.fields', target, form: values, errors: r.errors }, { status: 400 });
    case 'invalid':
      return data<Result>({ ok: false, message: 'studio.quizForm.invalid', target, form: values, issues: r.issues }, { status: 400 });
    case 'conflict':
      return data<Result>(
        { ok: false, message: 'studio.conflict', values: { who: r.theirs.updatedBy ?? '' }, target, form: values, theirs: { quizSource: r.theirs.quizSource, updatedBy: r.theirs.updatedBy } },
        { status: 409 },
      );
    case 'inReview':
      return data<Result>({ ok: false, message: 'review.refused.inReview', target, form: values }, { status: 409 });
    case 'stale':
      return data<Result>({ ok: false, message: 'studio.publish.conflict', target }, { status: 409 });
    default:
      return data<Result>({ ok: false, message: 'studio.tooLong', target, form: values }, { status: 400 });
  }
}

/** Reload the quiz after every change, refused ones too: after a conflict the forms must show the revision now saved. */
export const shouldRevalidate: ShouldRevalidateFunction = ({ formMethod, defaultShouldRevalidate }) => formMethod?.toUpperCase() === 'POST' || defaultShouldRevalidate;

export default function QuizEditor() {
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useI18n();
  const base = `/studio/moduli/${page.document.id}`;
  const failedOn = (target: number | 'new') => (result && !result.ok && result.target === target ? result : null);
  const message = result ? t(result.message, result.message === 'studio.conflict' ? { who: result.theirs?.updatedBy ?? t('studio.someone') } : result.values) : null;
  const count = page.questions?.length ?? 0;
  const newFailed = failedOn('new');
  const newType = newFailed?.form?.type ?? (result?.ok && result.target === 'new' ? null : page.newType);
  return (
    <div className="container my-5">
      <p>
        <Link to="/studio">{t('studio.back')}</Link> · <Link to={base}>{t('studio.quizForm.backToEditor')}</Link> · <Link to={`${base}/quiz/anteprima`}>{t('studio.quizPreview.link')}</Link>
      </p>
      <h1>{t('studio.quizForm.title', { title: page.document.title })}</h1>
      <p>{t('studio.quizForm.lead')}</p>
      {page.inReview ? <p className="alert alert-info">{t('review.editor.inReview')}</p> : null}
      {message ? <FormAlert kind={result?.ok ? 'success' : 'error'}>{message}</FormAlert> : null}
      {result?.theirs ? (
        <details className="mb-4">
          <summary>{t('studio.conflict.theirs', { who: result.theirs.updatedBy ?? t('studio.someone') })}</summary>
          <pre className="aula-diff">{result.theirs.quizSource}</pre>
        </details>
      ) : null}
      {result?.issues?.length ? <IssueList issues={result.issues} /> : page.issues.length ? <IssueList issues={page.issues} /> : null}
      {page.questions === null ? (
        <p className="alert alert-warning">{t('studio.quizForm.unreadable')}</p>
      ) : (
        <>
          {page.questions.length === 0 ? <p>{t('studio.quizForm.none')}</p> : null}
          {page.questions.map(({ index, values }) => {
            const failed = failedOn(index);
            const shown = failed?.form ?? values;
            return (
              <section key={`${page.revision}-${index}`} id={`domanda-${index + 1}`} aria-labelledby={`domanda-${index + 1}-titolo`} className="aula-card mb-4">
                <h2 id={`domanda-${index + 1}-titolo`} className="h5">
                  {t('studio.quizForm.question', { n: index + 1, type: shown ? t(`studio.quizForm.type.${shown.type}` as MessageKey) : '?' })}
                </h2>
                {shown ? (
                  <QuestionForm values={shown} errors={failed?.errors ?? {}} index={index} revision={page.revision} prefix={`d${index + 1}`} disabled={page.inReview} blankRows={page.blankRows} />
                ) : (
                  <p>{t('studio.quizForm.unknownType')}</p>
                )}
                <QuestionMoves index={index} count={count} revision={page.revision} disabled={page.inReview} />
              </section>
            );
          })}
          {page.inReview ? null : (
            <section aria-labelledby="nuova-domanda" id="nuova" className="aula-card mb-4">
              <h2 id="nuova-domanda" className="h5">
                {t('studio.quizForm.add')}
              </h2>
              <Form method="get" action={`${base}/quiz#nuova`} className="d-flex flex-wrap gap-3 align-items-end mb-3">
                <SelectField
                  name="nuova"
                  id="nuova-tipo"
                  className="mb-0"
                  label={t('studio.quizForm.add.type')}
                  defaultValue={newType ?? 'single'}
                  options={QUESTION_TYPES.map((ty) => ({ value: ty, label: t(`studio.quizForm.type.${ty}` as MessageKey) }))}
                />
                <button type="submit" className="btn btn-outline-primary">
                  {t('studio.quizForm.add.open')}
                </button>
              </Form>
              {newType ? (
                <QuestionForm
                  key={`new-${newType}-${page.revision}`}
                  values={newFailed?.form ?? blankQuestion(newType, page.nextId)}
                  errors={newFailed?.errors ?? {}}
                  index={null}
                  revision={page.revision}
                  prefix="nuova"
                  disabled={false}
                  blankRows={
                    newFailed?.form ? page.blankRows : newType === 'single' || newType === 'multiple' ? 4 : newType === 'true-false' || newType === 'short-text' || newType === 'numeric' ? 0 : 3
                  }
                />
              ) : null}
            </section>
          )}
        </>
      )}
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: 'Studio: domande della verifica – Aula' }];
