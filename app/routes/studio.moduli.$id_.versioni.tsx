import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { getLocale, requireRole } from '~/auth/guards.server';
import { readForm } from '~/http/form.server';
import { httpError } from '~/http/errors.server';
import { parseForm } from '~/utils/parse-form';
import { getEditorState } from '~/studio/drafts.server';
import { findStudioDocument } from '~/studio/documents.server';
import { loadHistory, restoreVersion } from '~/studio/history.server';
import { restoreForm } from '~/studio/forms';
import { FormAlert, SelectField } from '~/components/field';
import { IssueList, StudioDiff } from '~/components/studio-panels';
import { documentTitle } from '~/components/studio-library';
import { translate, useI18n, type MessageKey } from '~/i18n/i18n';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  await requireRole({ request, context }, 'lecturer');
  const state = UUID.test(params.id ?? '') ? await getEditorState(params.id!) : null;
  if (!state) throw httpError(404);
  const url = new URL(request.url);
  const history = await loadHistory({ documentId: state.document.id, fromId: url.searchParams.get('da'), toId: url.searchParams.get('a') });
  return { document: state.document, currentId: state.published?.id ?? null, ...history };
}

type RestoreResult = { ok: boolean; message: MessageKey; no: number; issues?: Array<{ file: string; line: number | null; column: number | null; message: string }> };

export async function action({ request, context, params }: ActionFunctionArgs) {
  const user = await requireRole({ request, context }, 'lecturer');
  const locale = await getLocale({ request, context });
  if (!UUID.test(params.id ?? '') || !(await findStudioDocument(params.id!))) throw httpError(404);
  const parsed = parseForm(restoreForm, await readForm({ request, context }), locale);
  if (!parsed.data) return data<RestoreResult>({ ok: false, message: 'form.invalid', no: 0 }, { status: 400 });
  const history = await loadHistory({ documentId: params.id! });
  const old = history.versions.find((v) => v.id === parsed.data.versionId);
  if (!old) throw httpError(404);
  const r = await restoreVersion({ documentId: params.id!, versionId: old.id, actorId: user.id, note: translate(locale, 'studio.restore.note', { no: old.versionNo }) });
  if (!r.ok && r.reason === 'invalid') return data<RestoreResult>({ ok: false, message: 'studio.publish.invalid', no: 0, issues: r.issues }, { status: 409 });
  if (!r.ok) return data<RestoreResult>({ ok: false, message: r.reason === 'alreadyCurrent' ? 'studio.restore.current' : 'error.404', no: 0 }, { status: 409 });
  return data<RestoreResult>({ ok: true, message: 'studio.restore.done', no: r.versionNo });
}

export default function ModuleHistory() {
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, dateTime } = useI18n();
  const byId = new Map(page.versions.map((v) => [v.id, v.versionNo]));
  const options = page.versions.map((v) => ({ value: v.id, label: String(v.versionNo) }));
  return (
    <div className="container my-5">
      <p>
        <Link to="/studio">{t('studio.back')}</Link> · <Link to={`/studio/moduli/${page.document.id}`}>{t('studio.edit')}</Link>
      </p>
      <h1>{t('studio.history.title', { title: documentTitle(page.document, t) })}</h1>
      {result ? <FormAlert kind={result.ok ? 'success' : 'error'}>{t(result.message, { no: result.no })}</FormAlert> : null}
      {result?.issues ? <IssueList issues={result.issues} /> : null}
      <div className="table-responsive">
        <table className="table">
          <caption className="visually-hidden">{t('studio.history.title', { title: documentTitle(page.document, t) })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('studio.history.col.no')}</th>
              <th scope="col">{t('studio.history.col.when')}</th>
              <th scope="col">{t('studio.history.col.who')}</th>
              <th scope="col">{t('studio.history.col.why')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('studio.restore')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {page.versions.map((v) => (
              <tr key={v.id}>
                <td>
                  {v.versionNo}
                  {v.id === page.currentId ? <span className="badge bg-primary ms-2">{t('studio.history.current')}</span> : null}
                </td>
                <td>{dateTime(v.publishedAt)}</td>
                <td>{v.publishedBy ?? '—'}</td>
                <td lang="it">
                  {[
                    v.inStudio ? v.note : [t('studio.history.fromFile'), v.lawSummary ? '' : v.note].filter(Boolean).join(': '),
                    v.restoredFrom ? t('studio.history.restoredFrom', { no: v.restoredFrom }) : '',
                    v.lawSummary ? t('studio.history.law', { summary: v.lawSummary }) : '',
                  ]
                    .filter(Boolean)
                    .join(' · ')}
                </td>
                <td>
                  {v.id !== page.currentId ? (
                    <Form method="post">
                      <input type="hidden" name="intent" value="restore" />
                      <input type="hidden" name="versionId" value={v.id} />
                      <button type="submit" className="btn btn-sm btn-outline-primary">
                        {t('studio.restore.label', { no: v.versionNo })}
                      </button>
                    </Form>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {page.versions.length > 1 ? (
        <Form method="get" className="aula-card mb-4">
          <h2 className="h5">{t('studio.history.compare')}</h2>
          <div className="d-flex flex-wrap gap-3 align-items-end">
            <SelectField name="da" label={t('studio.history.from')} options={options} defaultValue={page.fromId ?? undefined} className="mb-0" />
            <SelectField name="a" label={t('studio.history.to')} options={options} defaultValue={page.toId ?? undefined} className="mb-0" />
            <button type="submit" className="btn btn-outline-primary">
              {t('studio.history.compare.submit')}
            </button>
          </div>
        </Form>
      ) : null}
      {page.diff && page.fromId && page.toId ? <StudioDiff diff={page.diff} title={t('studio.history.diffTitle', { from: byId.get(page.fromId) ?? '', to: byId.get(page.toId) ?? '' })} /> : null}
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: 'Studio: cronologia del documento – Aula' }];
