import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Form, Link, useActionData, useFetcher, useLoaderData } from '@remix-run/react';
import { useCallback, useEffect, useRef, useState } from 'react';
import { getLocale, requireRole } from '~/auth/guards.server';
import { readForm } from '~/http/form.server';
import { httpError } from '~/http/errors.server';
import { parseForm } from '~/utils/parse-form';
import { editorForm, romeLocalToDate } from '~/studio/forms';
import { loadEditor } from '~/studio/editor.server';
import { discardDraft, saveDraft } from '~/studio/drafts.server';
import { publishDraft } from '~/studio/publish.server';
import { getReviewState, submitForReview, withdrawFromReview } from '~/studio/review.server';
import { checkDocument, findStudioDocument, setCardRetired } from '~/studio/documents.server';
import { FormAlert } from '~/components/field';
import { SourceEditor } from '~/components/source-editor';
import { IssueList, PublishForm, StudioDiff, WarningList } from '~/components/studio-panels';
import { LibraryFilePreview, documentTitle } from '~/components/studio-library';
import { ReviewComments } from '~/components/studio-review';
import type { MountedEditor } from '~/components/codemirror.client';
import { useI18n, type MessageKey } from '~/i18n/i18n';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireRole({ request, context }, 'lecturer');
  const editor = UUID.test(params.id ?? '') ? await loadEditor(params.id!) : null;
  if (!editor) throw httpError(404);
  return { ...editor, review: await getReviewState({ documentId: editor.document.id, userId: user.id }) };
}

type Issue = { file: string; line: number | null; column: number | null; message: string };
type Result = {
  kind: 'check' | 'preview' | 'saved' | 'conflict' | 'discarded' | 'published' | 'scheduled' | 'refused' | 'submitted' | 'withdrawn';
  issues?: Issue[];
  warnings?: Array<{ code: string; message: string }>;
  html?: string | null;
  compileFailed?: boolean;
  card?: { title: string; summary: string } | null;
  library?: Awaited<ReturnType<typeof checkDocument>>['library'];
  source?: string;
  quizSource?: string;
  revision?: number;
  theirs?: { source: string; quizSource: string; updatedBy: string | null };
  message?: MessageKey;
  values?: Record<string, string | number>;
  errors?: Record<string, string>;
};

export async function action({ request, context, params }: ActionFunctionArgs) {
  const user = await requireRole({ request, context }, 'lecturer');
  const locale = await getLocale({ request, context });
  if (!UUID.test(params.id ?? '')) throw httpError(404);
  const documentId = params.id!;
  const form = await readForm({ request, context });
  const parsed = parseForm(editorForm, form, locale);
  if (!parsed.data) return data<Result>({ kind: 'refused', errors: parsed.errors, message: 'form.invalid' }, { status: 400 });
  const f = parsed.data;
  switch (f.intent) {
    case 'check':
    case 'preview': {
      const doc = await findStudioDocument(documentId);
      if (!doc) throw httpError(404);
      const r = await checkDocument({ doc, source: f.source, quizSource: f.quizSource, render: f.intent === 'preview' });
      return data<Result>({ kind: f.intent, ...r, source: f.source, quizSource: f.quizSource, revision: f.revision });
    }
    case 'save': {
      const r = await saveDraft({ documentId, actorId: user.id, source: f.source, quizSource: f.quizSource, revision: f.revision });
      if (r.ok) return data<Result>({ kind: 'saved', revision: r.revision, message: 'studio.saved', values: { revision: r.revision } });
      if (r.reason === 'conflict') return data<Result>({ kind: 'conflict', theirs: r.theirs, source: f.source, quizSource: f.quizSource, revision: r.theirs.revision }, { status: 409 });
      if (r.reason === 'notFound') throw httpError(404);
      if (r.reason === 'inReview') return data<Result>({ kind: 'refused', message: 'review.refused.inReview', source: f.source, quizSource: f.quizSource }, { status: 409 });
      return data<Result>({ kind: 'refused', message: 'studio.tooLong', source: f.source, quizSource: f.quizSource }, { status: 400 });
    }
    case 'discard': {
      const done = await discardDraft({ documentId, actorId: user.id, revision: f.revision });
      return done ? data<Result>({ kind: 'discarded', message: 'studio.discarded' }) : data<Result>({ kind: 'refused', message: 'studio.publish.conflict' }, { status: 409 });
    }
    case 'publish': {
      const at = f.at ? romeLocalToDate(f.at) : null;
      const r = await publishDraft({
        documentId,
        actorId: user.id,
        revision: f.revision,
        note: f.note,
        lawSummary: f.lawChange ? f.lawSummary : null,
        retakeQuiz: Boolean(f.lawChange && f.retakeQuiz),
        at,
      });
      if (r.ok && r.state === 'published') return data<Result>({ kind: 'published', message: 'studio.publish.done', values: { no: r.versionNo } });
      if (r.ok) return data<Result>({ kind: 'scheduled', message: 'studio.publish.scheduled', values: { date: r.at.toISOString() } });
      if (r.reason === 'invalid') return data<Result>({ kind: 'refused', message: 'studio.publish.invalid', issues: r.issues }, { status: 400 });
      if (r.reason === 'inReview' || r.reason === 'notApproved') return data<Result>({ kind: 'refused', message: `review.refused.${r.reason}` }, { status: 409 });
      const status = r.reason === 'conflict' ? 409 : r.reason === 'noDraft' ? 409 : 400;
      return data<Result>({ kind: 'refused', message: `studio.publish.${r.reason}` as MessageKey }, { status });
    }
    case 'retire':
    case 'unretire': {
      const r = await setCardRetired({ documentId, actorId: user.id, retire: f.intent === 'retire' });
      if (r.ok) return data<Result>({ kind: 'saved', message: f.intent === 'retire' ? 'studioLib.retire.done' : 'studioLib.restore.done' });
      if (r.reason === 'notFound') throw httpError(404);
      if (r.reason === 'cited') return data<Result>({ kind: 'refused', message: 'studioLib.retire.cited', values: { docs: r.citedBy.join(', ') } }, { status: 409 });
      return data<Result>({ kind: 'refused', message: 'studio.publish.conflict' }, { status: 409 });
    }
    case 'submitReview':
    case 'withdrawReview': {
      const r =
        f.intent === 'submitReview' ? await submitForReview({ documentId, actorId: user.id, revision: f.revision }) : await withdrawFromReview({ documentId, actorId: user.id, revision: f.revision });
      if (r.ok) return data<Result>({ kind: f.intent === 'submitReview' ? 'submitted' : 'withdrawn', message: f.intent === 'submitReview' ? 'review.submitted' : 'review.withdrawn' });
      return data<Result>({ kind: 'refused', message: `review.refused.${r.reason}` as MessageKey }, { status: r.reason === 'invalid' ? 400 : r.reason === 'notAuthor' ? 403 : 409 });
    }
  }
}

export default function ModuleEditor() {
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, dateTime } = useI18n();
  const live = useFetcher<typeof action>({ key: `check-${page.document.id}` });
  const formRef = useRef<HTMLFormElement>(null);
  const [cm, setCm] = useState<MountedEditor | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const [dirty, setDirty] = useState(false);
  const revision = result?.revision ?? page.draft?.revision ?? 0;
  const source = result?.source ?? page.source;
  const quizSource = result?.quizSource ?? page.quizSource;

  // Inline errors as the lecturer types: the server's own checks, half a second after the last key.
  const onChange = useCallback(() => {
    setDirty(true);
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      if (!formRef.current) return;
      const fd = new FormData(formRef.current);
      fd.set('intent', 'check');
      live.submit(fd, { method: 'post' });
    }, 500);
  }, [live]);
  useEffect(() => () => void (timer.current && clearTimeout(timer.current)), []);

  const liveData = live.data && (live.data.kind === 'check' || live.data.kind === 'preview') ? live.data : null;
  const issues: Issue[] = liveData?.issues ?? result?.issues ?? page.issues;
  const warnings = liveData?.warnings ?? result?.warnings ?? page.warnings;
  const key = `${page.draft?.id ?? 'p'}-${page.draft?.revision ?? 0}-${page.published?.id ?? ''}`;
  const inReview = page.draft?.state === 'in_review';
  const canSubmit = Boolean(page.draft && (page.draft.state === 'changes_requested' || (page.review.required && page.draft.state === 'draft')));
  const publishable = !inReview && (!page.review.required || Boolean(page.draft && page.review.approval && page.review.approval.revision === page.draft.revision));
  const kind = page.document.kind;
  const message = result?.message ? t(result.message, result.kind === 'scheduled' ? { date: dateTime(String(result.values?.date)) } : result.values) : null;

  return (
    <div className="container-fluid px-lg-5 my-5">
      <p>
        <Link to="/studio">{t('studio.back')}</Link> · <Link to={`/studio/moduli/${page.document.id}/versioni`}>{t('studio.history')}</Link>
      </p>
      <h1>{t('studio.editor.title', { title: documentTitle(page.document, t) })}</h1>
      <p>
        {page.published
          ? t('studio.editor.published', { no: page.published.versionNo, date: dateTime(page.published.publishedAt) })
          : t(kind === 'module' ? 'studio.editor.unpublished' : 'studioLib.editor.unpublished')}
      </p>
      <p>
        {page.draft
          ? page.draft.state === 'scheduled'
            ? t('studio.editor.scheduledInfo', { date: dateTime(page.draft.scheduledAt) })
            : t('studio.editor.draftInfo', { revision: page.draft.revision, date: dateTime(page.draft.updatedAt), who: page.draft.updatedBy ?? t('studio.someone') })
          : t('studio.editor.fromPublished')}
      </p>
      {page.review.required ? <p className="alert alert-info">{t('review.required')}</p> : null}
      {page.draft ? (
        <div className="aula-card mb-3">
          <p className="mb-2">
            <strong>{t('review.editor.state', { state: t(`review.state.${page.draft.state}` as MessageKey) })}</strong>
          </p>
          {inReview ? <p className="mb-2">{t('review.editor.inReview')}</p> : null}
          {page.draft.state === 'approved' && page.review.approval ? (
            <p className="mb-2">{t('review.editor.approved', { who: page.review.approval.by ?? t('studio.someone'), revision: page.review.approval.revision })}</p>
          ) : null}
          <div className="d-flex flex-wrap gap-2 align-items-center">
            {canSubmit ? (
              <Form method="post">
                <input type="hidden" name="intent" value="submitReview" />
                <input type="hidden" name="revision" value={page.draft.revision} />
                <button type="submit" className="btn btn-primary" disabled={dirty}>
                  {t('review.submit')}
                </button>
              </Form>
            ) : null}
            {canSubmit && dirty ? <span>{t('review.submit.needsSave')}</span> : null}
            {inReview && page.review.isAuthor ? (
              <Form method="post">
                <input type="hidden" name="intent" value="withdrawReview" />
                <input type="hidden" name="revision" value={page.draft.revision} />
                <button type="submit" className="btn btn-outline-secondary">
                  {t('review.withdraw')}
                </button>
              </Form>
            ) : null}
            {inReview || page.review.reviews.length ? <Link to={`/studio/moduli/${page.document.id}/revisione`}>{t('review.open')}</Link> : null}
          </div>
        </div>
      ) : null}
      {message ? <FormAlert kind={result?.kind === 'refused' || result?.kind === 'conflict' ? 'error' : 'success'}>{message}</FormAlert> : null}
      {result?.kind === 'conflict' && result.theirs ? (
        <div className="alert alert-warning" role="alert">
          <p>{t('studio.conflict', { who: result.theirs.updatedBy ?? t('studio.someone') })}</p>
          <details>
            <summary>{t('studio.conflict.theirs', { who: result.theirs.updatedBy ?? t('studio.someone') })}</summary>
            <pre className="aula-diff">{result.theirs.source}</pre>
          </details>
        </div>
      ) : null}
      <div className="aula-studio-split">
        <div>
          <Form
            method="post"
            ref={formRef}
            key={key}
            noValidate
            onSubmit={() => {
              // A pending live check must not race the submitted preview or save.
              if (timer.current) clearTimeout(timer.current);
              setDirty(false);
            }}
          >
            <input type="hidden" name="revision" value={revision} />
            <SourceEditor
              name="source"
              label={t(kind === 'module' ? 'studio.source' : kind === 'library_card' ? 'studioLib.source.card' : 'studioLib.source.file')}
              hint={t(kind === 'module' ? 'studio.source.hint' : kind === 'library_card' ? 'studioLib.source.card.hint' : 'studioLib.source.file.hint')}
              defaultValue={source}
              language={kind === 'library_file' ? 'yaml' : 'markdown'}
              issues={issues.filter((i) => i.file !== 'quiz.yaml')}
              onChange={onChange}
              onReady={setCm}
            />
            {kind === 'module' ? (
              <>
                <SourceEditor
                  name="quizSource"
                  label={t('studio.quiz')}
                  hint={t('studio.quiz.hint')}
                  defaultValue={quizSource}
                  language="yaml"
                  rows={12}
                  issues={issues.filter((i) => i.file === 'quiz.yaml')}
                  onChange={onChange}
                />
                <p className="mb-4">
                  <Link to={`/studio/moduli/${page.document.id}/quiz`}>{t('studio.quizForm.link')}</Link> ·{' '}
                  <Link to={`/studio/moduli/${page.document.id}/quiz/anteprima`}>{t('studio.quizPreview.link')}</Link>
                </p>
              </>
            ) : null}
            <div className="d-flex flex-wrap gap-2 mb-4">
              <button type="submit" name="intent" value="preview" className="btn btn-outline-primary">
                {t('studio.preview')}
              </button>
              {inReview ? null : (
                <button type="submit" name="intent" value="save" className="btn btn-primary">
                  {t('studio.save')}
                </button>
              )}
              {page.draft && !inReview ? (
                <button type="submit" name="intent" value="discard" className="btn btn-outline-danger">
                  {t('studio.discard')}
                </button>
              ) : null}
            </div>
          </Form>
          {page.palette.length ? (
            <section aria-labelledby="palette" className="aula-card mb-4">
              <h2 id="palette" className="h5">
                {t('studio.palette')}
              </h2>
              <ul className="list-unstyled mb-0">
                {page.palette.map((p) => (
                  <li key={p.name} className="mb-2">
                    <code>{p.snippet.trim().split('\n')[0]}</code>{' '}
                    <button type="button" className="btn btn-sm btn-outline-secondary ms-2" onClick={() => cm?.insert(p.snippet)} hidden={!cm}>
                      {t('studio.palette.insert', { name: `<${p.name}>` })}
                    </button>
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
        </div>
        <div>
          {page.review.comments.length || page.review.reviews.length ? <ReviewComments comments={page.review.comments} reviews={page.review.reviews} /> : null}
          <IssueList issues={issues} />
          <WarningList warnings={warnings} />
          {result?.kind === 'preview' ? (
            <section aria-labelledby="anteprima" className="aula-card mb-4">
              <h2 id="anteprima" className="h4">
                {t(kind === 'module' ? 'studio.previewTitle' : 'studioLib.preview.title')}
              </h2>
              {result.library ? (
                <LibraryFilePreview preview={result.library} />
              ) : result.html && result.card ? (
                <article lang="it">
                  <p className="h3">{result.card.title}</p>
                  <p className="lead">{result.card.summary}</p>
                  <div className="aula-prose aula-card-body" dangerouslySetInnerHTML={{ __html: result.html }} />
                </article>
              ) : result.html ? (
                <article className="aula-prose" lang="it" dangerouslySetInnerHTML={{ __html: result.html }} />
              ) : (
                <p>{t(result.compileFailed ? 'studio.preview.compile' : 'studio.publish.invalid')}</p>
              )}
            </section>
          ) : null}
          {page.diff ? <StudioDiff diff={page.diff} title={t('studio.diff.title')} /> : null}
          {kind === 'library_card' && page.published ? (
            <section aria-labelledby="ritira" className="aula-card mb-4">
              <h2 id="ritira" className="h5">
                {t('studioLib.retire.title')}
              </h2>
              <p>{t('studioLib.retire.hint')}</p>
              <Form method="post">
                <input type="hidden" name="intent" value={page.document.position < 0 ? 'unretire' : 'retire'} />
                <button type="submit" className="btn btn-outline-danger">
                  {t(page.document.position < 0 ? 'studioLib.restore.submit' : 'studioLib.retire.submit')}
                </button>
              </Form>
            </section>
          ) : null}
          {publishable ? (
            <PublishForm hasDraft={Boolean(page.draft)} dirty={dirty} revision={page.draft?.revision ?? 0} errors={result?.errors ?? {}} />
          ) : (
            <section aria-labelledby="pubblica" className="aula-card mb-4">
              <h2 id="pubblica" className="h5">
                {t('studio.publish.title')}
              </h2>
              <p className="mb-0">{t(inReview ? 'review.editor.inReview' : 'review.refused.notApproved')}</p>
            </section>
          )}
        </div>
      </div>
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: 'Studio: modifica del documento – Aula' }];
