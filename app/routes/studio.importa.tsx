import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { requireRole } from '~/auth/guards.server';
import { readForm } from '~/http/form.server';
import { BundleRefused, previewBundle, type BundleFile, type BundleRefusal } from '~/studio/bundle.server';
import { applyBundle } from '~/startup/import-bundle.server';
import { listOutlineCourses } from '~/studio/outline.server';
import type { ContentIssue } from '~/content/loader.server';
import { Field, FormAlert } from '~/components/field';
import { LineDiff } from '~/components/studio-diff';
import { useI18n, type MessageKey } from '~/i18n/i18n';

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireRole({ request, context }, 'lecturer');
  return { courses: await listOutlineCourses() };
}

type Result =
  | { kind: 'refused'; message: MessageKey; file: string }
  | { kind: 'preview'; files: BundleFile[]; issues: ContentIssue[]; zip: string }
  | { kind: 'applied'; count: number }
  | { kind: 'invalid'; issues: ContentIssue[] };

const STATUS: Record<BundleRefusal, number> = { missing: 400, tooLarge: 413, notZip: 415, empty: 400, tooManyFiles: 413, tooBig: 413, badPath: 400, outside: 400, notText: 400 };

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireRole({ request, context }, 'lecturer');
  const form = await readForm({ request, context });
  const intent = form.get('intent');
  let bytes: Uint8Array;
  if (intent === 'apply') {
    // The zip the dry run showed, sent back by its page: read and validated again from scratch.
    const zip = form.get('zip');
    bytes = typeof zip === 'string' && /^[A-Za-z0-9+/]*={0,2}$/.test(zip) ? new Uint8Array(Buffer.from(zip, 'base64')) : new Uint8Array();
  } else {
    const file = form.get('file');
    bytes = file instanceof File ? new Uint8Array(await file.arrayBuffer()) : new Uint8Array();
  }
  try {
    if (intent === 'apply') {
      const r = await applyBundle({ bytes, actorId: user.id });
      if (!r.ok) return data<Result>({ kind: 'invalid', issues: r.issues }, { status: 400 });
      return data<Result>({ kind: 'applied', count: r.report.created.length });
    }
    const preview = await previewBundle(bytes);
    return data<Result>({ kind: 'preview', files: preview.files, issues: preview.issues, zip: Buffer.from(bytes).toString('base64') }, { status: preview.issues.length ? 400 : 200 });
  } catch (error) {
    if (error instanceof BundleRefused) return data<Result>({ kind: 'refused', message: `bundle.error.${error.reason}`, file: error.file ?? '' }, { status: STATUS[error.reason] });
    throw error;
  }
}

function Issues({ issues }: { issues: ContentIssue[] }) {
  const { t } = useI18n();
  return (
    <div className="alert alert-danger" role="alert">
      <p className="fw-bold">{t('bundle.issues', { count: issues.length })}</p>
      <ul className="mb-0" lang="it">
        {issues.map((i, n) => (
          <li key={n}>
            <code>{i.file}</code>
            {i.line != null ? ` (${i.column != null ? t('studio.issue.at', { line: i.line, column: i.column }) : t('studio.issue.line', { line: i.line })})` : ''}: {i.message}
          </li>
        ))}
      </ul>
    </div>
  );
}

export default function StudioBundle() {
  const { courses } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useI18n();
  const count = (s: BundleFile['status']) => (result?.kind === 'preview' ? result.files.filter((f) => f.status === s).length : 0);
  return (
    <div className="container my-5">
      <p>
        <Link to="/studio">{t('studio.back')}</Link>
      </p>
      <h1>{t('bundle.title')}</h1>
      <p className="lead">{t('bundle.lead')}</p>

      <h2 className="h3">{t('bundle.export')}</h2>
      <ul>
        <li>
          <a href="/studio/esporta/biblioteca.zip" download>
            {t('bundle.export.library')}
          </a>
        </li>
        {courses.map((c) => (
          <li key={c.slug}>
            <a href={`/studio/esporta/corsi/${c.slug}`} download>
              {t('bundle.export.course', { course: c.title })}
            </a>
          </li>
        ))}
      </ul>

      <h2 className="h3 mt-5">{t('bundle.import')}</h2>
      {result?.kind === 'refused' ? <FormAlert kind="error">{t(result.message, { file: result.file })}</FormAlert> : null}
      {result?.kind === 'applied' ? <FormAlert kind="success">{result.count ? t('bundle.applied', { count: result.count }) : t('bundle.applied.none')}</FormAlert> : null}
      {result?.kind === 'invalid' ? <Issues issues={result.issues} /> : null}
      <Form method="post" encType="multipart/form-data" className="aula-card mb-5" style={{ maxWidth: '40rem' }}>
        <input type="hidden" name="intent" value="check" />
        <Field
          name="file"
          type="file"
          label={t('bundle.file')}
          hint={t('bundle.file.hint')}
          accept=".zip,application/zip"
          required
          error={result?.kind === 'refused' ? t(result.message, { file: result.file }) : null}
        />
        <button type="submit" className="btn btn-primary">
          {t('bundle.check')}
        </button>
      </Form>

      {result?.kind === 'preview' ? (
        <section aria-labelledby="bundle-preview">
          <h2 id="bundle-preview" className="h3">
            {t('bundle.preview.title')}
          </h2>
          <p>{t('bundle.preview.summary', { new: count('new'), changed: count('changed'), unchanged: count('unchanged') })}</p>
          {result.issues.length ? <Issues issues={result.issues} /> : null}
          <div className="table-responsive">
            <table className="table">
              <caption className="visually-hidden">{t('bundle.caption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('bundle.col.file')}</th>
                  <th scope="col">{t('bundle.col.status')}</th>
                </tr>
              </thead>
              <tbody>
                {result.files.map((f) => (
                  <tr key={f.path}>
                    <td>
                      <code>{f.path}</code>
                    </td>
                    <td>{t(`bundle.status.${f.status}` as MessageKey)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {result.files
            .filter((f) => f.diff)
            .map((f) => (
              <section key={f.path} className="mb-4">
                <h3 className="h5">{t('bundle.diff', { file: f.path })}</h3>
                <LineDiff parts={f.diff!} />
              </section>
            ))}
          {result.issues.length ? null : count('new') + count('changed') ? (
            <Form method="post" encType="multipart/form-data">
              <input type="hidden" name="intent" value="apply" />
              <input type="hidden" name="zip" value={result.zip} />
              <button type="submit" className="btn btn-primary">
                {t('bundle.apply')}
              </button>
            </Form>
          ) : (
            <p>{t('bundle.nothing')}</p>
          )}
        </section>
      ) : null}
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: 'Studio: importa ed esporta i contenuti – Aula' }];
