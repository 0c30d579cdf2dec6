import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useLoaderData } from '@remix-run/react';
import { getLocale, requireRole } from '~/auth/guards.server';
import { listAudit } from '~/admin/audit.server';
import { auditFiltersForm } from '~/admin/forms';
import { parseForm } from '~/utils/parse-form';
import { useI18n } from '~/i18n/i18n';
import { Field, SelectField } from '~/components/field';

function searchForm(url: URL) {
  const form = new FormData();
  for (const [k, v] of url.searchParams) form.append(k, v);
  return form;
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireRole({ request, context }, 'admin');
  const url = new URL(request.url);
  const parsed = parseForm(auditFiltersForm, searchForm(url), await getLocale({ request, context }));
  const filters = parsed.data ?? {};
  const result = await listAudit(filters);
  return { filters, query: url.search, ...result, entries: result.entries.map((e) => ({ ...e, createdAt: e.createdAt.toISOString() })) };
}

export default function AuditLog() {
  const { entries, filters, actions, page, hasNext, query } = useLoaderData<typeof loader>();
  const { t, dateTime } = useI18n();
  const pageLink = (p: number) => {
    const params = new URLSearchParams(query);
    params.set('page', String(p));
    return `?${params.toString()}`;
  };
  const csv = `/admin/registro.csv${query}`;
  return (
    <div className="container my-5">
      <p>
        <Link to="/admin">{t('admin.back')}</Link>
      </p>
      <h1>{t('admin.audit.title')}</h1>
      <p className="lead">{t('admin.audit.lead')}</p>
      <Form method="get" className="aula-card row g-3 align-items-end mb-3">
        <div className="col-md-3">
          <Field name="actor" label={t('admin.audit.actor')} defaultValue={filters.actor ?? ''} className="mb-0" />
        </div>
        <div className="col-md-3">
          <SelectField
            name="action"
            label={t('admin.audit.action')}
            defaultValue={filters.action ?? ''}
            className="mb-0"
            options={[{ value: '', label: t('admin.users.filter.any') }, ...actions.map((a) => ({ value: a, label: a }))]}
          />
        </div>
        <div className="col-md-2">
          <Field name="target" label={t('admin.audit.target')} defaultValue={filters.target ?? ''} className="mb-0" />
        </div>
        <div className="col-md-2">
          <Field name="from" type="date" label={t('admin.audit.from')} defaultValue={filters.from ?? ''} className="mb-0" />
        </div>
        <div className="col-md-2">
          <Field name="to" type="date" label={t('admin.audit.to')} defaultValue={filters.to ?? ''} className="mb-0" />
        </div>
        <div className="col-12 d-flex gap-3 align-items-center">
          <button type="submit" className="btn btn-primary">
            {t('admin.users.filter.submit')}
          </button>
          <a href={csv} download>
            {t('admin.audit.csv')}
          </a>
        </div>
      </Form>
      {entries.length ? (
        <div className="table-responsive">
          <table className="table table-sm">
            <caption className="visually-hidden">{t('admin.audit.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('admin.audit.when')}</th>
                <th scope="col">{t('admin.audit.action')}</th>
                <th scope="col">{t('admin.audit.actor')}</th>
                <th scope="col">{t('admin.audit.target')}</th>
                <th scope="col">{t('admin.audit.data')}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.id}>
                  <td>
                    <time dateTime={e.createdAt}>{dateTime(e.createdAt)}</time>
                  </td>
                  <td>
                    <code>{e.action}</code>
                  </td>
                  <td>{e.actorName ?? '—'}</td>
                  <td>{e.targetName ?? e.target ?? '—'}</td>
                  <td className="small text-break">{e.data ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>{t('admin.audit.empty')}</p>
      )}
      <nav aria-label={t('admin.pages')} className="d-flex gap-3">
        {page > 1 ? <Link to={pageLink(page - 1)}>{t('admin.prev')}</Link> : null}
        {hasNext ? <Link to={pageLink(page + 1)}>{t('admin.next')}</Link> : null}
      </nav>
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: 'Registro delle attività – Aula' }];
