import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { parseForm } from '~/auth/forms';
import { requireUser } from '~/auth/guards.server';
import { getCertificateForRevocation, revokeCertificate } from '~/certificates/certificates.server';
import { FieldError } from '~/components/layout';
import { formatDate, useLocale, useT } from '~/i18n/i18n';
import { z } from '~/utils/zod';

// Same bounds as revokeCertificate() checks on the server.
const REVOCATION_REASON_MIN = 5;
const REVOCATION_REASON_MAX = 500;

const revokeForm = z.object({
  reason: z
    .string({ message: 'Scrivi il motivo della revoca.' })
    .trim()
    .min(REVOCATION_REASON_MIN, `Scrivi il motivo della revoca (almeno ${REVOCATION_REASON_MIN} caratteri).`)
    .max(REVOCATION_REASON_MAX, `Il motivo può avere al massimo ${REVOCATION_REASON_MAX} caratteri.`),
});

/** Admins, and coordinators of one of the holder's organisations; 403 for anyone else. */
async function load(request: Request, code: string) {
  const user = await requireUser(request);
  const found = await getCertificateForRevocation({ actorId: user.id, code });
  if (found.status === 404) throw new Response('Attestato non trovato.', { status: 404 });
  if (found.status === 403) throw new Response('Non hai i permessi per revocare questo attestato.', { status: 403 });
  return { user, found };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { found } = await load(request, params.code ?? '');
  return { certificate: found.certificate, holderName: found.holderName };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, found } = await load(request, params.code ?? '');
  const parsed = parseForm(revokeForm, await request.formData());
  if (!parsed.data) return data({ errors: parsed.errors }, { status: 400 });
  const result = await revokeCertificate({ actor: user, code: found.certificate.code, reason: parsed.data.reason });
  if (!result.ok) {
    if (result.status === 400 || result.status === 409) return data({ errors: { reason: result.message } }, { status: result.status });
    throw new Response(result.message, { status: result.status });
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
            <div className="mb-4">
              <label htmlFor="reason" className="form-label fw-semibold">
                {t('cert.revoke.reason')}
              </label>
              <textarea
                id="reason"
                name="reason"
                rows={3}
                required
                maxLength={REVOCATION_REASON_MAX}
                className="form-control"
                aria-invalid={error ? true : undefined}
                aria-describedby={error ? 'reason-hint reason-error' : 'reason-hint'}
              />
              <p id="reason-hint" className="small mt-1 mb-0">
                {t('cert.revoke.reasonHint')}
              </p>
              <FieldError id="reason-error" error={error} />
            </div>
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
