import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useLoaderData } from '@remix-run/react';
import { requireRole } from '~/auth/guards.server';
import { listMail, type MailStatusFilter } from '~/mail/outbox.server';
import { env } from '~/utils/env.server';
import { z } from '~/utils/zod';
import { Field, SelectField } from '~/components/field';
import { isoDate, useI18n, type MessageKey } from '~/i18n/i18n';

const STATUSES = ['all', 'queued', 'retrying', 'sending', 'sent', 'failed', 'cancelled'] as const satisfies readonly MailStatusFilter[];
const filters = z.object({ stato: z.enum(STATUSES).catch('all'), a: z.string().trim().max(254).catch('') });

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireRole({ request, context }, 'admin');
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const f = filters.parse({ stato: params.stato ?? 'all', a: params.a ?? '' });
  const { rows, counts } = await listMail({ status: f.stato, to: f.a || undefined, limit: 200 });
  return { rows, counts, status: f.stato, to: f.a, smtp: Boolean(env.smtpUrl) };
}

function statusKey(row: { status: string; attempts: number }): MessageKey {
  return row.status === 'queued' && row.attempts > 0 ? 'mail.status.retrying' : (`mail.status.${row.status}` as MessageKey);
}

export default function AdminMail() {
  const d = useLoaderData<typeof loader>();
  const { t, plural } = useI18n();
  const dateTime = (v: string | Date) => new Date(v).toLocaleString(t('mail.title') === 'Outgoing mail' ? 'en-GB' : 'it-IT', { timeZone: 'Europe/Rome', dateStyle: 'short', timeStyle: 'short' });
  return (
    <div className="container my-5">
      <h1>{t('mail.title')}</h1>
      <p className="lead">{t('mail.lead')}</p>
      {d.smtp ? null : (
        <div className="alert alert-info" role="note">
          {t('mail.noSmtp')}
        </div>
      )}
      <Form method="get" className="aula-card d-flex flex-wrap gap-3 align-items-end mb-4">
        <SelectField name="stato" label={t('mail.filter.status')} className="mb-0" defaultValue={d.status} options={STATUSES.map((s) => ({ value: s, label: t(`mail.status.${s}` as MessageKey) }))} />
        <Field name="a" type="search" label={t('mail.filter.to')} className="mb-0" defaultValue={d.to} />
        <button type="submit" className="btn btn-primary">
          {t('mail.filter.submit')}
        </button>
      </Form>
      <p role="status">{plural('mail.count', d.rows.length)}</p>
      {d.rows.length === 0 ? (
        <p>{t('mail.empty')}</p>
      ) : (
        <div className="table-responsive">
          <table className="table">
            <caption className="visually-hidden">{t('mail.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('mail.col.created')}</th>
                <th scope="col">{t('mail.col.to')}</th>
                <th scope="col">{t('mail.col.subject')}</th>
                <th scope="col">{t('mail.col.status')}</th>
                <th scope="col">{t('mail.col.attempts')}</th>
                <th scope="col">{t('mail.col.error')}</th>
              </tr>
            </thead>
            <tbody>
              {d.rows.map((m) => (
                <tr key={m.id}>
                  <td>
                    <time dateTime={isoDate(m.createdAt)}>{dateTime(m.createdAt)}</time>
                  </td>
                  <td>{m.to}</td>
                  <td>
                    <Link to={`/admin/posta/${m.id}`}>{m.subject}</Link>
                  </td>
                  <td data-status={m.status}>{t(statusKey(m))}</td>
                  <td>{m.attempts}</td>
                  <td className="small">{m.lastError ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: 'Posta – Aula' }];
