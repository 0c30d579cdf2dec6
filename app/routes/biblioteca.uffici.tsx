import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Form, useLoaderData } from '@remix-run/react';
import libraryCss from '~/library/library.css?url';
import { requireLibraryAccess } from '~/library/access.server';
import { listOfficeKinds, listOffices, type OfficeField } from '~/library/library.server';
import { LibraryBreadcrumb, officeKindKey } from '~/library/components';
import { OFFICE_KINDS } from '~/content/formats';
import { useT, type MessageKey } from '~/i18n/i18n';

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: libraryCss }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireLibraryAccess({ request, context });
  const raw = new URL(request.url).searchParams.get('tipo') ?? '';
  const kinds = await listOfficeKinds();
  if (raw && !(OFFICE_KINDS as readonly string[]).includes(raw)) {
    return data({ offices: await listOffices(), kinds, kind: '', error: 'offices.unknownKind' as MessageKey | null }, { status: 400 });
  }
  return { offices: await listOffices({ kind: raw || undefined }), kinds, kind: raw, error: null as MessageKey | null };
}

export default function Offices() {
  const { offices, kinds, kind, error } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div className="container my-5">
      <LibraryBreadcrumb current={t('offices.title')} />
      <h1>{t('offices.title')}</h1>
      <p className="lead">{t('offices.lead')}</p>
      {kinds.length > 1 ? (
        <Form method="get" className="d-flex flex-wrap align-items-end gap-2 mb-4">
          <div>
            <label htmlFor="tipo" className="form-label small fw-semibold">
              {t('offices.filter')}
            </label>
            <select id="tipo" name="tipo" className="form-select" defaultValue={kind} aria-describedby={error ? 'tipo-error' : undefined} aria-invalid={error ? true : undefined}>
              <option value="">{t('offices.filterAll')}</option>
              {kinds.map((k) => (
                <option key={k} value={k}>
                  {t(officeKindKey(k))}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="btn btn-outline-primary">
            {t('offices.filterSubmit')}
          </button>
        </Form>
      ) : null}
      {error ? (
        <p id="tipo-error" className="aula-field-error" role="alert">
          {t(error)}
        </p>
      ) : null}
      {offices.length === 0 ? <p>{t('offices.empty')}</p> : null}
      {offices.map((o) => (
        <section key={o.id} id={o.id} tabIndex={-1} className="aula-office" aria-labelledby={`${o.id}-nome`}>
          <h2 id={`${o.id}-nome`} className="h4" lang="it">
            {o.name}
          </h2>
          <dl>
            <dt>{t('offices.kind')}</dt>
            <dd>{t(officeKindKey(o.kind))}</dd>
            <dt>{t('offices.address')}</dt>
            <dd>
              <Field field={o.address} />
            </dd>
            <dt>{t('offices.hours')}</dt>
            <dd>
              <Field field={o.hours} />
            </dd>
            <dt>{t('offices.phone')}</dt>
            <dd>
              <Field field={o.phone} href={o.phone.value && !o.phone.unverified ? `tel:${o.phone.value.replace(/[^\d+]/g, '')}` : undefined} />
            </dd>
            <dt>{t('offices.email')}</dt>
            <dd>
              <Field field={o.email} href={o.email.value && !o.email.unverified ? `mailto:${o.email.value}` : undefined} />
            </dd>
            <dt>{t('offices.services')}</dt>
            <dd>
              {o.services.length ? (
                <ul lang="it">
                  {o.services.map((s) => (
                    <li key={s}>{s}</li>
                  ))}
                </ul>
              ) : (
                <Missing />
              )}
            </dd>
            <dt>{t('offices.languages')}</dt>
            <dd>
              {o.languages.values.join(', ')}
              {o.languages.values.length && o.languages.unverified ? ' ' : null}
              {o.languages.unverified ? <Unverified /> : !o.languages.values.length ? <Missing /> : null}
            </dd>
            {o.source ? (
              <>
                <dt>{t('offices.source')}</dt>
                <dd className="small" lang="it">
                  {o.source}
                </dd>
              </>
            ) : null}
          </dl>
        </section>
      ))}
    </div>
  );
}

function Unverified() {
  const t = useT();
  return (
    <span className="aula-unverified" title={t('offices.unverifiedHint')}>
      <span aria-hidden="true">⚠️ </span>
      {t('offices.unverified')}
    </span>
  );
}

function Missing() {
  const t = useT();
  return <span className="fst-italic">{t('offices.missing')}</span>;
}

/** A detail that is listed in `unverified` keeps its text but is always flagged "da verificare". */
function Field({ field, href }: { field: OfficeField; href?: string }) {
  if (!field.value) return field.unverified ? <Unverified /> : <Missing />;
  return (
    <>
      {href ? <a href={href}>{field.value}</a> : field.value}
      {field.unverified ? (
        <>
          {' '}
          <Unverified />
        </>
      ) : null}
    </>
  );
}

export const meta: MetaFunction = () => [{ title: 'Uffici – Biblioteca – Aula' }];
