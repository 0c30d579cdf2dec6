import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react';
import { twoFactorForm } from '~/auth/forms';
import { getLocale, requireUser } from '~/auth/guards.server';
import { TOTP_ROLES } from '~/auth/signin.server';
import { confirmTotpEnrolment, disableTwoFactor, regenerateRecoveryCodes, startTotpEnrolment, twoFactorStatus } from '~/auth/totp.server';
import { getSettings } from '~/admin/settings.server';
import { httpError } from '~/http/errors.server';
import { readForm } from '~/http/form.server';
import { parseForm } from '~/utils/parse-form';
import { translate, useI18n } from '~/i18n/i18n';
import { Field, FormAlert } from '~/components/field';

async function requiredFor(user: { roles: Array<{ role: string }> }) {
  return user.roles.some((r) => (TOTP_ROLES as readonly string[]).includes(r.role)) && (await getSettings()).totpRequiredForStaff;
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser({ request, context });
  const status = await twoFactorStatus({ userId: user.id });
  const enrolment = status.enabled ? null : await startTotpEnrolment({ userId: user.id, accountName: user.email });
  return {
    status: { enabled: status.enabled, enabledAt: status.enabledAt?.toISOString() ?? null, recoveryCodesLeft: status.recoveryCodesLeft },
    enrolment: enrolment?.ok ? enrolment.enrolment : null,
    required: await requiredFor(user),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser({ request, context });
  const locale = await getLocale({ request, context });
  const parsed = parseForm(twoFactorForm, await readForm({ request, context }), locale);
  if (!parsed.data) return data({ errors: parsed.errors, recoveryCodes: null as string[] | null, done: null as string | null }, { status: 400 });
  const { intent, code } = parsed.data;
  if (intent === 'disable' && (await requiredFor(user))) throw httpError(403, 'twofactor.required.cannotDisable');
  const result =
    intent === 'confirm'
      ? await confirmTotpEnrolment({ userId: user.id, code })
      : intent === 'regenerate'
        ? await regenerateRecoveryCodes({ userId: user.id, code })
        : await disableTwoFactor({ userId: user.id, code });
  if (!result.ok) {
    const throttled = result.reason === 'throttled';
    const key = throttled ? 'twofactor.throttled' : result.reason === 'alreadyEnabled' ? 'twofactor.alreadyEnabled' : 'twofactor.invalid';
    return data({ errors: { code: translate(locale, key, { minutes: 15 }) }, recoveryCodes: null, done: null }, { status: throttled ? 429 : 400 });
  }
  return { errors: {} as Record<string, string>, recoveryCodes: 'recoveryCodes' in result ? result.recoveryCodes : null, done: intent as string | null };
}

export default function TwoFactor() {
  const { status, enrolment, required } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const { t, date, plural } = useI18n();
  const errors: Record<string, string> = result?.errors ?? {};
  return (
    <div className="container my-5" style={{ maxWidth: '44rem' }}>
      <p>
        <Link to="/profilo">{t('profile.back')}</Link>
      </p>
      <h1>{t('twofactor.title')}</h1>
      {params.get('obbligatorio') && !status.enabled ? <FormAlert kind="error">{t('twofactor.required.notice')}</FormAlert> : null}
      <p className="lead">{t('twofactor.lead')}</p>
      {result?.recoveryCodes ? (
        <section className="aula-card mb-4" aria-labelledby="codes-title">
          <h2 id="codes-title" className="h4">
            {t('twofactor.codes.title')}
          </h2>
          <p>{t('twofactor.codes.lead')}</p>
          <ul className="aula-recovery-codes" data-testid="recovery-codes">
            {result.recoveryCodes.map((c) => (
              <li key={c}>
                <code>{c}</code>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {result?.done === 'disable' ? <FormAlert kind="success">{t('twofactor.disabled')}</FormAlert> : null}
      {status.enabled ? (
        <>
          <FormAlert kind="success">{t('twofactor.enabled', { date: date(status.enabledAt) })}</FormAlert>
          <p>{plural('twofactor.codes.left', status.recoveryCodesLeft)}</p>
          <h2 className="h4 mt-4">{t('twofactor.regenerate.title')}</h2>
          <Form method="post" noValidate className="aula-card mb-4">
            <input type="hidden" name="intent" value="regenerate" />
            <Field name="code" id="regenerate-code" label={t('twofactor.code.current')} autoComplete="one-time-code" required error={errors.code} />
            <button type="submit" className="btn btn-outline-primary">
              {t('twofactor.regenerate.submit')}
            </button>
          </Form>
          {required ? (
            <p>{t('twofactor.required.cannotDisable')}</p>
          ) : (
            <>
              <h2 className="h4 mt-4">{t('twofactor.disable.title')}</h2>
              <Form method="post" noValidate className="aula-card">
                <input type="hidden" name="intent" value="disable" />
                <Field name="code" id="disable-code" label={t('twofactor.code.current')} autoComplete="one-time-code" required />
                <button type="submit" className="btn btn-outline-danger">
                  {t('twofactor.disable.submit')}
                </button>
              </Form>
            </>
          )}
        </>
      ) : enrolment ? (
        <section aria-labelledby="enrol-title">
          <h2 id="enrol-title" className="h4">
            {t('twofactor.enrol.title')}
          </h2>
          <ol>
            <li>{t('twofactor.enrol.step1')}</li>
            <li>
              {t('twofactor.enrol.step2')}
              <div className="my-3">
                <img src={enrolment.qrDataUrl} alt={t('twofactor.enrol.qrAlt')} width={200} height={200} />
              </div>
              <p className="mb-1">{t('twofactor.enrol.manual')}</p>
              <p>
                <code data-testid="manual-key" className="fs-5">
                  {enrolment.manualKey}
                </code>
              </p>
            </li>
            <li>{t('twofactor.enrol.step3')}</li>
          </ol>
          <Form method="post" noValidate className="aula-card">
            <input type="hidden" name="intent" value="confirm" />
            <Field name="code" label={t('twofactor.code')} autoComplete="one-time-code" inputMode="numeric" required error={errors.code} />
            <button type="submit" className="btn btn-primary">
              {t('twofactor.enrol.submit')}
            </button>
          </Form>
        </section>
      ) : null}
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: 'Verifica in due passaggi – Aula' }];
