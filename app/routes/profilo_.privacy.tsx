import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { getLocale, requireUser } from '~/auth/guards.server';
import { privacyForm } from '~/admin/forms';
import { getSettings } from '~/admin/settings.server';
import { myPrivacyRequests, requestErasure, withdrawErasure } from '~/privacy/requests.server';
import { readForm } from '~/http/form.server';
import { parseForm } from '~/utils/parse-form';
import { useI18n, type MessageKey } from '~/i18n/i18n';
import { CheckboxField, FormAlert, TextAreaField } from '~/components/field';

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser({ request, context });
  const [requests, settings] = await Promise.all([myPrivacyRequests({ userId: user.id }), getSettings()]);
  return {
    retentionYears: settings.retentionYears,
    requests: requests.map((r) => ({ id: r.id, status: r.status, createdAt: r.createdAt.toISOString(), decidedAt: r.decidedAt?.toISOString() ?? null, decisionReason: r.decisionReason })),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser({ request, context });
  const parsed = parseForm(privacyForm, await readForm({ request, context }), await getLocale({ request, context }));
  if (!parsed.data) return data({ done: null as string | null, refused: null as MessageKey | null, errors: parsed.errors }, { status: 400 });
  if (parsed.data.intent === 'withdraw') {
    const result = await withdrawErasure({ userId: user.id, requestId: parsed.data.requestId });
    if (!result.ok) return data({ done: null, refused: 'privacy.refused.notPending' as MessageKey | null, errors: {} as Record<string, string> }, { status: 409 });
    return { done: 'withdraw' as string | null, refused: null, errors: {} as Record<string, string> };
  }
  const result = await requestErasure({ userId: user.id, note: parsed.data.note || null });
  if (!result.ok)
    return data(
      { done: null, refused: (result.reason === 'lastAdmin' ? 'privacy.refused.lastAdmin' : 'privacy.refused.pending') as MessageKey | null, errors: {} as Record<string, string> },
      { status: 409 },
    );
  return { done: 'erasure' as string | null, refused: null, errors: {} as Record<string, string> };
}

export default function MyPrivacy() {
  const { requests, retentionYears } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, dateTime } = useI18n();
  const errors: Record<string, string> = result?.errors ?? {};
  const pending = requests.find((r) => r.status === 'pending');
  return (
    <div className="container my-5" style={{ maxWidth: '44rem' }}>
      <p>
        <Link to="/profilo">{t('profile.back')}</Link>
      </p>
      <h1>{t('privacy.title')}</h1>
      <p className="lead">
        {t('privacy.lead')} <Link to="/privacy">{t('footer.privacy')}</Link>
      </p>
      {result?.done ? <FormAlert kind="success">{t(result.done === 'erasure' ? 'privacy.erasure.sent' : 'privacy.erasure.withdrawn')}</FormAlert> : null}
      {result?.refused ? <FormAlert kind="error">{t(result.refused)}</FormAlert> : null}

      <section aria-labelledby="export-title" className="aula-card mb-4">
        <h2 id="export-title" className="h4">
          {t('privacy.export.title')}
        </h2>
        <p>{t('privacy.export.lead')}</p>
        <a href="/profilo/privacy/dati.zip" className="btn btn-primary" download>
          {t('privacy.export.download')}
        </a>
      </section>

      <section aria-labelledby="erasure-title" className="aula-card">
        <h2 id="erasure-title" className="h4">
          {t('privacy.erasure.title')}
        </h2>
        <p>{t('privacy.erasure.lead', { years: retentionYears })}</p>
        {pending ? (
          <>
            <p>
              {t('privacy.erasure.pending')} <time dateTime={pending.createdAt}>{dateTime(pending.createdAt)}</time>
            </p>
            <Form method="post">
              <input type="hidden" name="intent" value="withdraw" />
              <input type="hidden" name="requestId" value={pending.id} />
              <button type="submit" className="btn btn-outline-primary">
                {t('privacy.erasure.withdraw')}
              </button>
            </Form>
          </>
        ) : (
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="erasure" />
            <TextAreaField name="note" label={t('privacy.erasure.note')} hint={t('privacy.erasure.note.hint')} error={errors.note} />
            <CheckboxField name="confirm" label={t('privacy.erasure.confirm')} error={errors.confirm} />
            <button type="submit" className="btn btn-danger">
              {t('privacy.erasure.submit')}
            </button>
          </Form>
        )}
        {requests.filter((r) => r.status !== 'pending').length ? (
          <>
            <h3 className="h5 mt-4">{t('privacy.erasure.history')}</h3>
            <ul>
              {requests
                .filter((r) => r.status !== 'pending')
                .map((r) => (
                  <li key={r.id}>
                    <time dateTime={r.createdAt}>{dateTime(r.createdAt)}</time>: {t(`admin.privacy.status.${r.status}` as MessageKey)}
                    {r.decisionReason ? ` – ${r.decisionReason}` : ''}
                  </li>
                ))}
            </ul>
          </>
        ) : null}
      </section>
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: 'I miei dati – Aula' }];
