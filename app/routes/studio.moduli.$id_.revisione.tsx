import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { getLocale, requireRole } from '~/auth/guards.server';
import { readForm } from '~/http/form.server';
import { httpError } from '~/http/errors.server';
import { parseForm } from '~/utils/parse-form';
import { getEditorState } from '~/studio/drafts.server';
import { diffDraft } from '~/studio/history.server';
import { reviewForm } from '~/studio/forms';
import { commentOnDraft, decideReview, getReviewState } from '~/studio/review.server';
import { Field, FormAlert, TextAreaField } from '~/components/field';
import { LineDiff, WordDiff } from '~/components/studio-diff';
import { NumberedSource, ReviewComments } from '~/components/studio-review';
import { documentTitle } from '~/components/studio-library';
import { useI18n, type MessageKey } from '~/i18n/i18n';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireRole({ request, context }, 'lecturer');
  const state = UUID.test(params.id ?? '') ? await getEditorState(params.id!) : null;
  if (!state) throw httpError(404);
  const review = await getReviewState({ documentId: state.document.id, userId: user.id });
  const draft = state.draft;
  const diff = draft ? diffDraft(state.published ?? { source: '', plainText: '' }, draft, state.document.kind) : null;
  return {
    document: state.document,
    published: state.published ? { versionNo: state.published.versionNo } : null,
    draft: draft ? { state: draft.state, revision: draft.revision, source: draft.source, updatedAt: draft.updatedAt, updatedBy: draft.updatedBy } : null,
    diff,
    review,
  };
}

type Result = { ok: boolean; message: MessageKey; errors?: Record<string, string> };

export async function action({ request, context, params }: ActionFunctionArgs) {
  const user = await requireRole({ request, context }, 'lecturer');
  const locale = await getLocale({ request, context });
  const state = UUID.test(params.id ?? '') ? await getEditorState(params.id!) : null;
  if (!state) throw httpError(404);
  const parsed = parseForm(reviewForm, await readForm({ request, context }), locale);
  if (!parsed.data) return data<Result>({ ok: false, message: 'form.invalid', errors: parsed.errors }, { status: 400 });
  const f = parsed.data;
  const documentId = state.document.id;
  const r =
    f.intent === 'comment'
      ? await commentOnDraft({ documentId, actorId: user.id, revision: f.revision, fromLine: f.fromLine, toLine: f.toLine === '' ? f.fromLine : f.toLine, body: f.body })
      : await decideReview({ documentId, actorId: user.id, revision: f.revision, decision: f.intent === 'approve' ? 'approved' : 'changes_requested', message: f.message });
  if (r.ok) return data<Result>({ ok: true, message: f.intent === 'comment' ? 'review.comment.done' : f.intent === 'approve' ? 'review.decide.approveDone' : 'review.decide.changesDone' });
  const status = r.reason === 'notReviewer' || r.reason === 'ownRevision' ? 403 : r.reason === 'badRange' ? 400 : 409;
  return data<Result>({ ok: false, message: `review.refused.${r.reason}` as MessageKey }, { status });
}

export default function ModuleReview() {
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, dateTime } = useI18n();
  const errors = result?.errors ?? {};
  const draft = page.draft;
  const inReview = draft?.state === 'in_review';
  const mayAct = inReview && page.review.canReview && !page.review.isAuthor;
  const changed = page.diff?.source.some((p) => p.kind !== 'same');
  return (
    <div className="container my-5">
      <p>
        <Link to="/studio">{t('studio.back')}</Link> · <Link to={`/studio/moduli/${page.document.id}`}>{t('studio.edit')}</Link> ·{' '}
        <Link to={`/studio/moduli/${page.document.id}/versioni`}>{t('studio.history')}</Link>
      </p>
      <h1>{t('review.page.title', { title: documentTitle(page.document, t) })}</h1>
      <p>{t('review.page.lead')}</p>
      {result ? <FormAlert kind={result.ok ? 'success' : 'error'}>{t(result.message)}</FormAlert> : null}
      {!draft ? (
        <p>{t('review.page.noDraft')}</p>
      ) : (
        <>
          <p>
            {t('review.page.revision', { revision: draft.revision, date: dateTime(draft.updatedAt) })}{' '}
            <strong>{t('review.editor.state', { state: t(`review.state.${draft.state}` as MessageKey) })}</strong>
          </p>
          {!inReview ? <p>{t('review.page.notInReview', { state: t(`review.state.${draft.state}` as MessageKey) })}</p> : null}
          {!page.review.canReview ? <p className="alert alert-info">{t('review.page.notReviewer')}</p> : null}
          {page.review.canReview && page.review.isAuthor ? <p className="alert alert-warning">{t('review.page.ownRevision')}</p> : null}

          <section aria-labelledby="differenze" className="aula-card mb-4">
            <h2 id="differenze" className="h4">
              {page.published ? t('studio.diff.title') : t('studio.diff.source')}
            </h2>
            {page.diff && changed ? (
              <>
                {page.published ? (
                  <>
                    <h3 className="h6">
                      {t('studio.diff.words')} ({t('studio.diff.changes', { count: page.diff.changes })})
                    </h3>
                    <WordDiff parts={page.diff.words} />
                  </>
                ) : null}
                <h3 className="h6 mt-3">{t('studio.diff.source')}</h3>
                <LineDiff numbered parts={page.diff.source} />
              </>
            ) : (
              <p className="mb-0">{t('studio.diff.none')}</p>
            )}
            <NumberedSource source={draft.source} />
          </section>

          <ReviewComments comments={page.review.comments} reviews={page.review.reviews} />

          {mayAct ? (
            <div className="row">
              <div className="col-lg-6">
                <section aria-labelledby="commenta" className="aula-card mb-4">
                  <h2 id="commenta" className="h5">
                    {t('review.comment.title')}
                  </h2>
                  <Form method="post" noValidate>
                    <input type="hidden" name="intent" value="comment" />
                    <input type="hidden" name="revision" value={draft.revision} />
                    <div className="d-flex gap-3">
                      <Field name="fromLine" label={t('review.comment.from')} inputMode="numeric" required error={errors.fromLine} />
                      <Field name="toLine" label={t('review.comment.to')} inputMode="numeric" error={errors.toLine} />
                    </div>
                    <TextAreaField name="body" label={t('review.comment.body')} rows={3} maxLength={2000} required error={errors.body} />
                    <button type="submit" className="btn btn-outline-primary">
                      {t('review.comment.submit')}
                    </button>
                  </Form>
                </section>
              </div>
              <div className="col-lg-6">
                <section aria-labelledby="decidi" className="aula-card mb-4">
                  <h2 id="decidi" className="h5">
                    {t('review.decide.title')}
                  </h2>
                  <Form method="post" noValidate>
                    <input type="hidden" name="revision" value={draft.revision} />
                    <TextAreaField name="message" label={t('review.decide.message')} rows={3} maxLength={2000} error={errors.message} />
                    <div className="d-flex flex-wrap gap-2">
                      <button type="submit" name="intent" value="requestChanges" className="btn btn-outline-danger">
                        {t('review.decide.changes')}
                      </button>
                      <button type="submit" name="intent" value="approve" className="btn btn-primary">
                        {t('review.decide.approve')}
                      </button>
                    </div>
                  </Form>
                </section>
              </div>
            </div>
          ) : null}
        </>
      )}
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: 'Studio: revisione del documento – Aula' }];
