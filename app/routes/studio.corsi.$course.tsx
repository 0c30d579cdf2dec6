import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { getLocale, requireRole } from '~/auth/guards.server';
import { readForm } from '~/http/form.server';
import { httpError } from '~/http/errors.server';
import { parseForm, type FieldErrors } from '~/utils/parse-form';
import { changeOutline, createModule, getCourseOutline, type OutlineModule } from '~/studio/outline.server';
import { outlineForm } from '~/studio/forms';
import { Field, FormAlert } from '~/components/field';
import { translate, useI18n, type MessageKey } from '~/i18n/i18n';

const SLUG = /^[a-z0-9-]{1,80}$/;

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  await requireRole({ request, context }, 'lecturer');
  const outline = SLUG.test(params.course ?? '') ? await getCourseOutline(params.course!) : null;
  if (!outline) throw httpError(404);
  return { outline };
}

type Result = { ok: boolean; message: MessageKey; values?: Record<string, string | number>; errors?: FieldErrors; documentId?: string };

const STATUS = { notFound: 404, conflict: 409, finalExam: 409, noop: 409, invalid: 400 } as const;

export async function action({ request, context, params }: ActionFunctionArgs) {
  const user = await requireRole({ request, context }, 'lecturer');
  const locale = await getLocale({ request, context });
  const course = SLUG.test(params.course ?? '') ? await getCourseOutline(params.course!) : null;
  if (!course) throw httpError(404);
  const parsed = parseForm(outlineForm, await readForm({ request, context }), locale);
  if (!parsed.data) return data<Result>({ ok: false, message: 'form.invalid', errors: parsed.errors }, { status: 400 });
  const f = parsed.data;
  if (f.intent === 'create') {
    const r = await createModule({ courseSlug: course.course.slug, slug: f.newSlug, title: f.title, actorId: user.id });
    if (!r.ok)
      return data<Result>(
        { ok: false, message: r.reason === 'exists' ? 'outline.add.exists' : 'error.404', errors: r.reason === 'exists' ? { newSlug: translate(locale, 'outline.add.exists') } : {} },
        { status: r.reason === 'exists' ? 409 : 404 },
      );
    return data<Result>({ ok: true, message: 'outline.add.done', documentId: r.documentId });
  }
  const r = await changeOutline({
    courseSlug: course.course.slug,
    baseVersionId: f.base,
    change: { op: f.intent, slug: f.slug },
    actorId: user.id,
    note: translate(locale, `outline.note.${f.intent}`, { slug: f.slug }),
  });
  if (!r.ok) return data<Result>({ ok: false, message: r.reason === 'conflict' ? 'outline.conflict' : `outline.error.${r.reason}` }, { status: STATUS[r.reason] });
  return data<Result>({ ok: true, message: 'outline.done', values: { no: r.versionNo } });
}

function MoveForm({ intent, module, base, label, disabled = false }: { intent: 'up' | 'down' | 'retire' | 'restore'; module: OutlineModule; base: string; label: string; disabled?: boolean }) {
  return (
    <Form method="post" className="d-inline">
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="slug" value={module.slug} />
      <input type="hidden" name="base" value={base} />
      <button type="submit" className={`btn btn-sm ${intent === 'retire' ? 'btn-outline-danger' : 'btn-outline-primary'} me-1 mb-1`} disabled={disabled}>
        {label}
        <span className="visually-hidden">: {module.title}</span>
      </button>
    </Form>
  );
}

export default function CourseOutlinePage() {
  const { outline } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, dateTime } = useI18n();
  const base = outline.baseVersionId;
  const state = (m: OutlineModule) => t(`outline.state.${m.state}` as MessageKey);
  const last = (m: { lastChange: Date | string | null }) => (m.lastChange ? dateTime(m.lastChange) : '—');
  const errors = result?.errors ?? {};
  return (
    <div className="container my-5">
      <p>
        <Link to="/studio">{t('studio.back')}</Link> · <Link to="/studio/importa">{t('bundle.link')}</Link>
      </p>
      <h1>{t('outline.title', { course: outline.course.title })}</h1>
      <p className="lead">{t('outline.lead')}</p>
      <p>{t('outline.version', { no: outline.baseVersionNo, date: dateTime(outline.lastChange) })}</p>
      {result ? (
        <FormAlert kind={result.ok ? 'success' : 'error'}>
          {t(result.message, result.values)}
          {result.documentId ? (
            <>
              {' '}
              <Link to={`/studio/moduli/${result.documentId}`}>{t('outline.add.open')}</Link>
            </>
          ) : null}
        </FormAlert>
      ) : null}
      <div className="table-responsive">
        <table className="table">
          <caption className="visually-hidden">{t('outline.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('outline.col.position')}</th>
              <th scope="col">{t('outline.col.module')}</th>
              <th scope="col">{t('outline.col.state')}</th>
              <th scope="col">{t('outline.col.lastChange')}</th>
              <th scope="col">{t('outline.col.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {outline.modules.map((m, i) => (
              <tr key={m.id}>
                <td>{i + 1}</td>
                <td>
                  <Link to={`/studio/moduli/${m.id}`}>{m.title}</Link>
                  {m.finalExam ? <span className="badge bg-secondary ms-2">{t('outline.finalExam')}</span> : null}
                </td>
                <td>{state(m)}</td>
                <td>{last(m)}</td>
                <td>
                  <MoveForm intent="up" module={m} base={base} label={t('outline.up')} disabled={i === 0} />
                  <MoveForm intent="down" module={m} base={base} label={t('outline.down')} disabled={i === outline.modules.length - 1} />
                  {m.finalExam ? null : <MoveForm intent="retire" module={m} base={base} label={t('outline.retire')} />}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <h2 className="h3 mt-5">{t('outline.others')}</h2>
      <p>{t('outline.others.lead')}</p>
      {outline.others.length ? (
        <div className="table-responsive">
          <table className="table">
            <caption className="visually-hidden">{t('outline.others.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('outline.col.module')}</th>
                <th scope="col">{t('outline.col.state')}</th>
                <th scope="col">{t('outline.col.lastChange')}</th>
                <th scope="col">{t('outline.col.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {outline.others.map((m) => (
                <tr key={m.id}>
                  <td>
                    <Link to={`/studio/moduli/${m.id}`}>{m.title}</Link>
                  </td>
                  <td>{state(m)}</td>
                  <td>{last(m)}</td>
                  <td>{m.state === 'retired' ? <MoveForm intent="restore" module={m} base={base} label={t('outline.restore')} /> : null}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}

      <Form method="post" className="aula-card my-5" style={{ maxWidth: '40rem' }}>
        <h2 className="h4">{t('outline.add.title')}</h2>
        <input type="hidden" name="intent" value="create" />
        <Field name="newSlug" label={t('outline.add.slug')} hint={t('outline.add.slug.hint')} required maxLength={60} error={errors.newSlug} />
        <Field name="title" label={t('outline.add.name')} required maxLength={200} error={errors.title} />
        <button type="submit" className="btn btn-primary">
          {t('outline.add.submit')}
        </button>
      </Form>

      <p>
        <a href={`/studio/esporta/corsi/${outline.course.slug}`} download>
          {t('bundle.export.course', { course: outline.course.title })}
        </a>
      </p>
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: 'Studio: percorso del corso – Aula' }];
