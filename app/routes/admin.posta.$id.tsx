import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { requireRole } from '~/auth/guards.server';
import { cancelMail, getMail, retryMail } from '~/mail/outbox.server';
import { httpError } from '~/http/errors.server';
import { readForm } from '~/http/form.server';
import { FormAlert } from '~/components/field';
import { isoDate, useI18n, type MessageKey } from '~/i18n/i18n';

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requireRole({ request, context }, 'admin');
  const mail = await getMail(params.id ?? '');
  if (!mail) throw httpError(404);
  const { html: _html, ...rest } = mail;
  return { mail: rest };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const admin = await requireRole({ request, context }, 'admin');
  const form = await readForm({ request, context });
  const intent = form.get('intent');
  const id = params.id ?? '';
  if (!(await getMail(id))) throw httpError(404);
  if (intent !== 'retry' && intent !== 'cancel') throw httpError(400, 'error.action');
  const done = intent === 'retry' ? await retryMail({ id, actorId: admin.id }) : await cancelMail({ id, actorId: admin.id });
  if (!done) return data({ result: 'mail.notChanged' as MessageKey }, { status: 409 });
  return { result: (intent === 'retry' ? 'mail.retried' : 'mail.cancelled') as MessageKey };
}

export default function AdminMailMessage() {
  const { mail } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useI18n();
  const status: MessageKey = mail.status === 'queued' && mail.attempts > 0 ? 'mail.status.retrying' : (`mail.status.${mail.status}` as MessageKey);
  return (
    <div className="container my-5" style={{ maxWidth: '50rem' }}>
      <p className="small">
        <Link to="/admin/posta">{t('mail.back')}</Link>
      </p>
      <h1>{mail.subject}</h1>
      {result ? <FormAlert kind={result.result === 'mail.notChanged' ? 'error' : 'success'}>{t(result.result)}</FormAlert> : null}
      <dl className="row aula-card mx-0">
        <dt className="col-sm-4">{t('mail.col.to')}</dt>
        <dd className="col-sm-8">{mail.to}</dd>
        <dt className="col-sm-4">{t('mail.col.status')}</dt>
        <dd className="col-sm-8" data-status={mail.status}>
          {t(status)}
        </dd>
        <dt className="col-sm-4">{t('mail.col.attempts')}</dt>
        <dd className="col-sm-8">{mail.attempts}</dd>
        <dt className="col-sm-4">{t('mail.col.created')}</dt>
        <dd className="col-sm-8">
          <time dateTime={isoDate(mail.createdAt)}>{new Date(mail.createdAt).toLocaleString('it-IT', { timeZone: 'Europe/Rome' })}</time>
        </dd>
        {mail.sentAt ? (
          <>
            <dt className="col-sm-4">{t('mail.detail.sentAt')}</dt>
            <dd className="col-sm-8">
              <time dateTime={isoDate(mail.sentAt)}>{new Date(mail.sentAt).toLocaleString('it-IT', { timeZone: 'Europe/Rome' })}</time>
            </dd>
          </>
        ) : null}
        {mail.lastError ? (
          <>
            <dt className="col-sm-4">{t('mail.col.error')}</dt>
            <dd className="col-sm-8">{mail.lastError}</dd>
          </>
        ) : null}
        <dt className="col-sm-4">{t('mail.detail.messageId')}</dt>
        <dd className="col-sm-8 mb-0">
          <code>{mail.messageId}</code>
        </dd>
      </dl>
      <div className="d-flex gap-3 my-4">
        {['queued', 'failed'].includes(mail.status) ? (
          <Form method="post">
            <button type="submit" name="intent" value="cancel" className="btn btn-outline-danger">
              {t('mail.cancel')}
            </button>
          </Form>
        ) : null}
        {['failed', 'cancelled'].includes(mail.status) || (mail.status === 'queued' && mail.attempts > 0) ? (
          <Form method="post">
            <button type="submit" name="intent" value="retry" className="btn btn-primary">
              {t('mail.retry')}
            </button>
          </Form>
        ) : null}
      </div>
      <h2 className="h4">{t('mail.detail.text')}</h2>
      <pre className="aula-card" lang={mail.locale} style={{ whiteSpace: 'pre-wrap' }}>
        {mail.text}
      </pre>
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: 'Messaggio – Aula' }];
