import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { getLocale, requireUser, type GuardArgs } from '~/auth/guards.server';
import { getCertificateForRevocation, revokeCertificate } from '~/certificates/revoke.server';
import { REVOCATION_REASON_MAX, REVOCATION_REASON_MIN } from '~/certificates/limits';
import { httpError } from '~/http/errors.server';
import { readForm } from '~/http/form.server';
import { parseForm } from '~/utils/parse-form';
import { z } from '~/utils/zod';
import { TextAreaField } from '~/components/field';
import { formatDate, translate, useLocale, useT } from '~/i18n/i18n';

const revokeForm = z.object({
  reason: z.string('form.reason.short').trim().min(REVOCATION_REASON_MIN, 'form.reason.short').max(REVOCATION_REASON_MAX, 'form.reason.long'),
});

/** Admins, and coordinators of one of the holder's organisations; 403 for anyone else. */
async function load(args: GuardArgs, code: string) {
  const user = await requireUser(args);
  const found = await getCertificateForRevocation({ actorId: user.id, code });
  if (!found.ok) throw found.reason === 'notFound' ? httpError(404, 'error.notFound.certificate') : httpError(403, 'error.forbidden.revoke');
  return { user, found };
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { found } = await load({ request, context }, params.code ?? '');
  return { certificate: found.certificate, holderName: found.holderName };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, found } = await load({ request, context }, params.code ?? '');
  const locale = await getLocale({ request, context });
  const parsed = parseForm(revokeForm, await readForm({ request, context }), locale);
  if (!parsed.data) return data({ errors: parsed.errors }, { status: 400 });
  const result = await revokeCertificate({ actor: user, code: found.certificate.code, reason: parsed.data.reason });
  if (!result.ok) {
    switch (result.reason) {
      case 'notFound':
        throw httpError(404, 'error.notFound.certificate');
      case 'forbidden':
        throw httpError(403, 'error.forbidden.revoke');
      case 'alreadyRevoked':
        return data({ errors: { reason: translate(locale, 'cert.revoke.already') } }, { status: 409 });
      case 'reasonTooShort':
        return data({ errors: { reason: translate(locale, 'form.reason.short') } }, { status: 400 });
      case 'reasonTooLong':
        return data({ errors: { reason: translate(locale, 'form.reason.long') } }, { status: 400 });
    }
  }
  return redirect(`/certificati/verifica/${result.code}`);
}

export default function RevokeCertificate() {
  const { certificate: c, holderName } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  const error = result?.errors.reason;
  return (
    <div className="container my-5" style={{ maxWidth: '44rem' }}>
      <h1>{t('cert.revoke.title')}</h1>
      <dl className="row aula-card mx-0">
        <dt className="col-sm-4">{t('cert.field.code')}</dt>
        <dd className="col-sm-8">
          <code>{c.code}</code>
        </dd>
        <dt className="col-sm-4">{t('cert.field.holder')}</dt>
        <dd className="col-sm-8">{holderName}</dd>
        <dt className="col-sm-4">{t('cert.field.course')}</dt>
        <dd className="col-sm-8">
          {c.courseTitle} ({c.courseVersion})
        </dd>
        <dt className="col-sm-4">{t('cert.field.issuedAt')}</dt>
        <dd className="col-sm-8 mb-0">{formatDate(c.issuedAt, locale)}</dd>
      </dl>
      {c.revokedAt ? (
        <div className="alert alert-danger" role="status">
          <p className="mb-0">
            {t('cert.revoke.already')} {t('cert.revokedOn')} {formatDate(c.revokedAt, locale)}
            {c.revocationReason ? ` – ${t('cert.reason')}: ${c.revocationReason}` : null}
          </p>
        </div>
      ) : (
        <>
          <p>{t('cert.revoke.lead')}</p>
          <Form method="post" noValidate className="aula-card">
            <TextAreaField name="reason" label={t('cert.revoke.reason')} hint={t('cert.revoke.reasonHint')} required maxLength={REVOCATION_REASON_MAX} error={error} />
            <button type="submit" className="btn btn-danger">
              {t('cert.revoke.submit')}
            </button>
          </Form>
        </>
      )}
      <p className="mt-4">
        <Link to={c.urls.verify}>{t('cert.verify.pageTitle')}</Link>
      </p>
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: 'Revoca dell’attestato – Aula' }];
