import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { getLocale, requireRole } from '~/auth/guards.server';
import { decisionForm } from '~/admin/forms';
import { getSettings } from '~/admin/settings.server';
import { decideErasure, listPrivacyRequests } from '~/privacy/requests.server';
import { readForm } from '~/http/form.server';
import { parseForm } from '~/utils/parse-form';
import { useI18n, type MessageKey } from '~/i18n/i18n';
import { FormAlert, TextAreaField } from '~/components/field';

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireRole({ request, context }, 'admin');
  const [requests, settings] = await Promise.all([listPrivacyRequests(), getSettings()]);
  return {
    retentionYears: settings.retentionYears,
    requests: requests.map((r) => ({ ...r, createdAt: r.createdAt.toISOString(), decidedAt: r.decidedAt?.toISOString() ?? null })),
  };
}

const REFUSALS: Record<string, MessageKey> = { notPending: 'admin.privacy.refused.notPending', lastAdmin: 'admin.privacy.refused.lastAdmin', self: 'admin.privacy.refused.self' };

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requireRole({ request, context }, 'admin');
  const parsed = parseForm(decisionForm, await readForm({ request, context }), await getLocale({ request, context }));
  if (!parsed.data) return data({ done: null as string | null, refused: null as MessageKey | null, errors: parsed.errors, requestId: null as string | null }, { status: 400 });
  const result = await decideErasure({ actorId: admin.id, requestId: parsed.data.requestId, approve: parsed.data.decision === 'approve', reason: parsed.data.reason });
  if (!result.ok) return data({ done: null, refused: REFUSALS[result.reason] ?? null, errors: {} as Record<string, string>, requestId: null }, { status: 409 });
  return { done: parsed.data.decision as string | null, refused: null, errors: {} as Record<string, string>, requestId: null };
}

export default function PrivacyRequests() {
  const { requests, retentionYears } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, dateTime } = useI18n();
  const errors: Record<string, string> = result?.errors ?? {};
  const pending = requests.filter((r) => r.status === 'pending');
  const decided = requests.filter((r) => r.status !== 'pending');
  return (
    <div className="container my-5" style={{ maxWidth: '56rem' }}>
      <p>
        <Link to="/admin">{t('admin.back')}</Link>
      </p>
      <h1>{t('admin.privacy.title')}</h1>
      <p className="lead">{t('admin.privacy.lead', { years: retentionYears })}</p>
      {result?.done ? <FormAlert kind="success">{t(result.done === 'approve' ? 'admin.privacy.approved' : 'admin.privacy.refusedDone')}</FormAlert> : null}
      {result?.refused ? <FormAlert kind="error">{t(result.refused)}</FormAlert> : null}
      <h2 className="h4">{t('admin.privacy.pending')}</h2>
      {pending.length ? (
        pending.map((r) => (
          <article key={r.id} className="aula-card mb-4" aria-labelledby={`req-${r.id}`}>
            <h3 id={`req-${r.id}`} className="h5">
              {r.name} ({r.email})
            </h3>
            <p>
              {t('admin.privacy.requestedAt')} <time dateTime={r.createdAt}>{dateTime(r.createdAt)}</time>
            </p>
            {r.note ? <blockquote className="border-start ps-3">{r.note}</blockquote> : null}
            <Form method="post" noValidate>
              <input type="hidden" name="requestId" value={r.id} />
              <TextAreaField name="reason" id={`reason-${r.id}`} label={t('admin.privacy.reason')} hint={t('admin.privacy.reason.hint')} required error={errors.reason} />
              <div className="d-flex gap-2">
                <button type="submit" name="decision" value="approve" className="btn btn-danger">
                  {t('admin.privacy.approve')}
                </button>
                <button type="submit" name="decision" value="refuse" className="btn btn-outline-primary">
                  {t('admin.privacy.refuse')}
                </button>
              </div>
            </Form>
          </article>
        ))
      ) : (
        <p>{t('admin.privacy.none')}</p>
      )}
      <h2 className="h4 mt-5">{t('admin.privacy.decided')}</h2>
      {decided.length ? (
        <table className="table">
          <caption className="visually-hidden">{t('admin.privacy.decided')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('admin.privacy.person')}</th>
              <th scope="col">{t('admin.privacy.requestedAt')}</th>
              <th scope="col">{t('admin.users.status')}</th>
              <th scope="col">{t('admin.privacy.reason')}</th>
              <th scope="col">{t('admin.privacy.decider')}</th>
            </tr>
          </thead>
          <tbody>
            {decided.map((r) => (
              <tr key={r.id}>
                <td>{r.name}</td>
                <td>
                  <time dateTime={r.createdAt}>{dateTime(r.createdAt)}</time>
                </td>
                <td>{t(`admin.privacy.status.${r.status}` as MessageKey)}</td>
                <td>{r.decisionReason ?? ''}</td>
                <td>{r.deciderName ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>{t('admin.privacy.noneDecided')}</p>
      )}
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: 'Richieste privacy – Aula' }];
