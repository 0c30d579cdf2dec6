import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { getLocale, requireRole } from '~/auth/guards.server';
import { commitForm, mappingForm } from '~/coordination/forms';
import { commitBatch, dryRun, getBatch, guessMapping, isError, uploadEnrolmentFile } from '~/coordination/import.server';
import { IMPORT_FIELDS, type ImportField } from '~/coordination/constants';
import { httpError } from '~/http/errors.server';
import { readForm } from '~/http/form.server';
import { parseForm } from '~/utils/parse-form';
import { z } from '~/utils/zod';
import { useI18n, type MessageKey } from '~/i18n/i18n';
import { Field, FormAlert, SelectField } from '~/components/field';

const batchParam = z.string().uuid();
const ERRORS_SHOWN = 1000;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireRole({ request, context }, 'coordinator');
  const lotto = new URL(request.url).searchParams.get('lotto');
  if (!lotto) return { batch: null };
  const id = batchParam.safeParse(lotto);
  const batch = id.success ? await getBatch({ actorId: user.id, batchId: id.data }) : null;
  if (!batch || batch.committedAt) throw httpError(404, 'coord.import.gone');
  const outcomes = batch.outcomes ?? null;
  const count = (o: string) => outcomes?.filter((r) => r.outcome === o).length ?? 0;
  return {
    batch: {
      id: batch.id,
      fileName: batch.fileName,
      headers: batch.raw.headers,
      rows: batch.raw.cells.length,
      mapping: batch.mapping ?? guessMapping(batch.raw.headers),
      checked: Boolean(outcomes),
      summary: { new: count('new'), assign: count('assign'), unchanged: count('unchanged'), bad: outcomes?.filter((r) => isError(r.outcome)).length ?? 0 },
      errors: (outcomes ?? []).filter((r) => isError(r.outcome)).slice(0, ERRORS_SHOWN),
    },
  };
}

type Result = { error?: string; committed?: { created: number; assigned: number; unchanged: number } };

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireRole({ request, context }, 'coordinator');
  const locale = await getLocale({ request, context });
  const form = await readForm({ request, context });
  const intent = form.get('intent');
  if (intent === 'upload') {
    const file = form.get('file');
    if (!(file instanceof File) || file.size === 0) return data<Result>({ error: 'coord.import.file.missing' }, { status: 400 });
    const result = await uploadEnrolmentFile({ actorId: user.id, fileName: file.name, bytes: new Uint8Array(await file.arrayBuffer()) });
    if (!result.ok) return data<Result>({ error: `coord.import.file.${result.reason}` }, { status: result.reason === 'tooLarge' ? 413 : result.reason === 'type' ? 415 : 400 });
    return redirect(`/coordinamento/iscrizioni?lotto=${result.batchId}`);
  }
  if (intent === 'dryRun') {
    const parsed = parseForm(mappingForm, form, locale);
    if (!parsed.data) return data<Result>({ error: 'coord.import.mapping.invalid' }, { status: 400 });
    const { batchId, intent: _i, ...mapping } = parsed.data;
    const result = await dryRun({ actorId: user.id, batchId, mapping });
    if (!result.ok) throw httpError(404, 'coord.import.gone');
    return redirect(`/coordinamento/iscrizioni?lotto=${batchId}#esito`);
  }
  const parsed = parseForm(commitForm, form, locale);
  if (!parsed.data) return data<Result>({ error: 'form.invalid' }, { status: 400 });
  const result = await commitBatch({ actorId: user.id, batchId: parsed.data.batchId, locale });
  if (!result.ok) return data<Result>({ error: 'coord.import.gone' }, { status: 409 });
  return data<Result>({ committed: { created: result.created, assigned: result.assigned, unchanged: result.unchanged } });
}

export default function CoordinationImport() {
  const { batch } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, number } = useI18n();
  return (
    <div className="container my-5">
      <p>
        <Link to="/coordinamento">{t('coord.title')}</Link>
      </p>
      <h1>{t('coord.import.title')}</h1>
      <p className="lead">{t('coord.import.lead')}</p>
      {result?.error ? <FormAlert kind="error">{t(result.error as MessageKey)}</FormAlert> : null}
      {result?.committed ? (
        <FormAlert kind="success">
          {t('coord.import.committed', { created: result.committed.created, assigned: result.committed.assigned, unchanged: result.committed.unchanged })}{' '}
          <Link to="/coordinamento/persone">{t('coord.people.title')}</Link>
        </FormAlert>
      ) : null}
      {!batch || result?.committed ? (
        <section aria-labelledby="upload-title" style={{ maxWidth: '40rem' }}>
          <h2 id="upload-title" className="h3">
            {t('coord.import.step', { n: 1 })}: {t('coord.import.file')}
          </h2>
          <Form method="post" encType="multipart/form-data" className="aula-card">
            <input type="hidden" name="intent" value="upload" />
            <Field
              name="file"
              type="file"
              label={t('coord.import.file')}
              hint={t('coord.import.limit')}
              accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            />
            <button type="submit" className="btn btn-primary">
              {t('coord.import.upload')}
            </button>
          </Form>
        </section>
      ) : (
        <>
          <section aria-labelledby="map-title" style={{ maxWidth: '40rem' }}>
            <h2 id="map-title" className="h3">
              {t('coord.import.step', { n: 2 })}: {t('coord.import.map')}
            </h2>
            <p>
              {batch.fileName} · {number(batch.rows)} · {t('coord.import.map.hint')}
            </p>
            <Form method="post" className="aula-card">
              <input type="hidden" name="intent" value="dryRun" />
              <input type="hidden" name="batchId" value={batch.id} />
              {IMPORT_FIELDS.map((f) => (
                <SelectField
                  key={f}
                  name={f}
                  id={`map-${f}`}
                  label={t(`coord.import.field.${f}` as MessageKey)}
                  defaultValue={String((batch.mapping as Partial<Record<ImportField, number>>)[f] ?? '')}
                  options={[{ value: '', label: t('coord.import.map.none') }, ...batch.headers.map((h, i) => ({ value: String(i), label: h || `#${i + 1}` }))]}
                />
              ))}
              <button type="submit" className="btn btn-primary">
                {t('coord.import.dryRun')}
              </button>
            </Form>
          </section>
          {batch.checked ? (
            <section aria-labelledby="esito" className="mt-5">
              <h2 id="esito" className="h3" tabIndex={-1}>
                {t('coord.import.step', { n: 3 })}: {t('coord.import.result')}
              </h2>
              <p role="status">
                {t('coord.import.summary', {
                  ok: number(batch.summary.new + batch.summary.assign + batch.summary.unchanged),
                  new: number(batch.summary.new),
                  assign: number(batch.summary.assign),
                  unchanged: number(batch.summary.unchanged),
                  bad: number(batch.summary.bad),
                })}
              </p>
              <h3 className="h4">{t('coord.import.errors')}</h3>
              {batch.errors.length === 0 ? (
                <p>{t('coord.import.errors.none')}</p>
              ) : (
                <div className="table-responsive">
                  <table className="table table-sm">
                    <caption className="visually-hidden">{t('coord.import.errors')}</caption>
                    <thead>
                      <tr>
                        <th scope="col">{t('coord.import.line')}</th>
                        <th scope="col">{t('coord.col.email')}</th>
                        <th scope="col">{t('coord.col.name')}</th>
                        <th scope="col">{t('coord.col.unit')}</th>
                        <th scope="col">{t('coord.import.reason')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {batch.errors.map((r) => (
                        <tr key={r.line}>
                          <td>{r.line}</td>
                          <td>{r.email}</td>
                          <td>{r.name}</td>
                          <td>{r.unit}</td>
                          <td>{t(`coord.import.outcome.${r.outcome}` as MessageKey)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
              <Form method="post">
                <input type="hidden" name="intent" value="commit" />
                <input type="hidden" name="batchId" value={batch.id} />
                <button type="submit" className="btn btn-primary">
                  {t('coord.import.commit')}
                </button>
              </Form>
            </section>
          ) : null}
        </>
      )}
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: 'Iscrizioni da file – Coordinamento – Aula' }];
