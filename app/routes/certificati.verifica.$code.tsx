import type { HeadersFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { Link, isRouteErrorResponse, useLoaderData } from '@remix-run/react';
import { getUser, hasRole } from '~/auth/guards.server';
import { canRevokeCode } from '~/certificates/revoke.server';
import { hitVerifyRateLimit, verifyCertificate } from '~/certificates/verify.server';
import { normalizeCertificateCode } from '~/certificates/code';
import { getUpdatesSinceCertificate } from '~/progress/updates.server';
import { formatDate, useLocale, useT, type Locale } from '~/i18n/i18n';
import { httpError, tooManyRequests } from '~/http/errors.server';

/** Public: no sign-in. Rate-limited per IP address (page and JSON together). */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const typed = params.code ?? '';
  // The count and the lookup run side by side; a refused request reveals nothing of the lookup.
  const [limit, result] = await Promise.all([hitVerifyRateLimit(context.clientIp), verifyCertificate(typed)]);
  if (!limit.allowed) {
    throw tooManyRequests(limit.retryAfterSeconds, 'error.429.verify');
  }
  const canonical = normalizeCertificateCode(typed);
  if (canonical && canonical !== typed) throw redirect(`/certificati/verifica/${canonical}`, 301);
  if (result.status === 'not-found') throw httpError(404, 'error.notFound.certificateCode');
  const user = await getUser({ request, context });
  const canRevoke = Boolean(user && hasRole(user, 'coordinator') && result.status !== 'revoked' && (await canRevokeCode({ actorId: user.id, code: result.code })));
  // Law changes published since issuance, and whether the holder caught up (the certificate stays valid).
  const updates = result.status === 'valid' ? await getUpdatesSinceCertificate({ code: result.code }) : null;
  return {
    status: result.status,
    code: result.code,
    certificate: result.certificate,
    revokedAt: result.revokedAt,
    reason: result.reason,
    canRevoke,
    updates,
  };
}

export const headers: HeadersFunction = ({ errorHeaders }) => ({
  'Cache-Control': 'no-store',
  'X-Robots-Tag': 'noindex',
  ...(errorHeaders?.get('Retry-After') ? { 'Retry-After': errorHeaders.get('Retry-After')! } : {}),
});

function formatHours(hours: number, locale: Locale, t: (k: 'cert.hours' | 'cert.hour') => string) {
  return `${new Intl.NumberFormat(locale === 'it' ? 'it-IT' : 'en-GB', { maximumFractionDigits: 1 }).format(hours)} ${hours === 1 ? t('cert.hour') : t('cert.hours')}`;
}

export default function VerifyCertificate() {
  const v = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const c = v.certificate;
  const banner =
    v.status === 'valid'
      ? { cls: 'alert-success', title: t('cert.verify.valid'), text: t('cert.verify.validText') }
      : v.status === 'revoked'
        ? { cls: 'alert-danger', title: t('cert.verify.revoked'), text: t('cert.verify.revokedText') }
        : { cls: 'alert-danger', title: t('cert.verify.invalid'), text: t('cert.verify.invalidText') };
  return (
    <div className="container my-5" style={{ maxWidth: '48rem' }}>
      <h1>{t('cert.verify.pageTitle')}</h1>
      <div className={`alert ${banner.cls} my-4`} role="status" data-status={v.status}>
        <h2 className="h4">{banner.title}</h2>
        <p className="mb-0">{banner.text}</p>
        {v.revokedAt ? (
          <p className="mb-0 mt-2">
            {t('cert.revokedOn')} <time dateTime={v.revokedAt}>{formatDate(v.revokedAt, locale)}</time>
            {v.reason ? (
              <>
                {' '}
                – {t('cert.reason')}: <span lang="it">{v.reason}</span>
              </>
            ) : null}
          </p>
        ) : null}
      </div>
      <section aria-labelledby="dati" className="aula-card">
        <h2 id="dati" className="h4">
          {v.status === 'invalid' ? t('cert.verify.recorded') : t('cert.verify.data')}
        </h2>
        <dl className="row mb-0">
          <dt className="col-sm-4">{t('cert.field.code')}</dt>
          <dd className="col-sm-8">
            <code>{v.code}</code>
          </dd>
          <dt className="col-sm-4">{t('cert.field.holder')}</dt>
          <dd className="col-sm-8">{c.holderName}</dd>
          <dt className="col-sm-4">{t('cert.field.course')}</dt>
          <dd className="col-sm-8" lang="it">
            {c.courseTitle}
          </dd>
          <dt className="col-sm-4">{t('cert.field.version')}</dt>
          <dd className="col-sm-8">{c.courseVersion}</dd>
          <dt className="col-sm-4">{t('cert.field.hours')}</dt>
          <dd className="col-sm-8">{formatHours(c.hours, locale, t)}</dd>
          <dt className="col-sm-4">{t('cert.field.issuedAt')}</dt>
          <dd className="col-sm-8">
            <time dateTime={c.issuedAt}>{formatDate(c.issuedAt, locale)}</time>
          </dd>
          <dt className="col-sm-4">{t('cert.field.issuers')}</dt>
          <dd className="col-sm-8">
            <ul className="list-unstyled mb-0" lang="it">
              {c.issuers.map((i) => (
                <li key={i}>{i}</li>
              ))}
            </ul>
          </dd>
        </dl>
      </section>
      {v.updates ? (
        <section aria-labelledby="aggiornamenti" className="aula-card mt-4" data-testid="cert-updates">
          <h2 id="aggiornamenti" className="h4">
            {t('update.cert.title')}
          </h2>
          <p className="mb-0">
            {v.updates.published === 0
              ? t('update.cert.none')
              : v.updates.pending === 0
                ? t('update.cert.done', { count: v.updates.published })
                : t('update.cert.pending', { pending: v.updates.pending, count: v.updates.published })}
          </p>
        </section>
      ) : null}
      <p className="small mt-3">{t('cert.verify.privacy')}</p>
      {v.canRevoke ? (
        <p>
          <Link className="btn btn-outline-danger" to={`/certificati/${v.code}/revoca`}>
            {t('cert.revoke.submit')}
          </Link>
        </p>
      ) : null}
      <section aria-labelledby="tecnico" className="mt-4">
        <h2 id="tecnico" className="h5">
          {t('cert.verify.technical')}
        </h2>
        <p>{t('cert.verify.technicalText')}</p>
        <ul>
          <li>
            <a href={`/certificati/verifica/${v.code}.json`}>{t('cert.verify.json')}</a>
          </li>
          <li>
            <a href="/certificati/chiavi.json">{t('cert.verify.jwks')}</a>
          </li>
        </ul>
        <p>
          <Link to="/certificati/verifica">{t('cert.verify.other')}</Link>
        </p>
      </section>
    </div>
  );
}

export const meta: MetaFunction = ({ error }) => [
  {
    title: isRouteErrorResponse(error) && error.status === 404 ? 'Attestato non trovato – Aula' : error ? 'Verifica non disponibile – Aula' : 'Verifica dell’attestato – Aula',
  },
  { name: 'robots', content: 'noindex' },
];
