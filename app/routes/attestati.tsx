import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { hasRole, requireUser } from '~/auth/guards.server';
import { listCertificates } from '~/certificates/read.server';
import { formatDate, useLocale, useT, type Locale } from '~/i18n/i18n';

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser({ request, context });
  const certificates = await listCertificates({ userId: user.id });
  return { certificates, canManage: hasRole(user, 'coordinator') };
}

function formatHours(hours: number, locale: Locale, t: (k: 'cert.hours' | 'cert.hour') => string) {
  return `${new Intl.NumberFormat(locale === 'it' ? 'it-IT' : 'en-GB', { maximumFractionDigits: 1 }).format(hours)} ${hours === 1 ? t('cert.hour') : t('cert.hours')}`;
}

export default function MyCertificates() {
  const { certificates, canManage } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <div className="container my-5">
      <h1>{t('cert.list.title')}</h1>
      <p className="lead">{t('cert.list.lead')}</p>
      {certificates.length === 0 ? <p>{t('cert.list.empty')}</p> : null}
      {certificates.map((c) => {
        const titleId = `attestato-${c.code}`;
        return (
          <article key={c.code} className="aula-card my-4" aria-labelledby={titleId} data-certificate-code={c.code}>
            <h2 id={titleId} className="h3">
              {c.courseTitle}
            </h2>
            <dl className="row mb-3">
              <dt className="col-sm-4">{t('cert.field.code')}</dt>
              <dd className="col-sm-8">
                <code>{c.code}</code>
              </dd>
              <dt className="col-sm-4">{t('cert.field.status')}</dt>
              <dd className="col-sm-8">
                {c.revokedAt ? (
                  <>
                    <span className="aula-status" style={{ background: '#fde8ec', color: '#7a0019' }}>
                      {t('cert.status.revoked')}
                    </span>{' '}
                    {t('cert.revokedOn')} {formatDate(c.revokedAt, locale)}
                    {c.revocationReason ? ` – ${t('cert.reason')}: ${c.revocationReason}` : null}
                  </>
                ) : (
                  <span className="aula-status done">{t('cert.status.valid')}</span>
                )}
              </dd>
              <dt className="col-sm-4">{t('cert.field.issuedAt')}</dt>
              <dd className="col-sm-8">
                <time dateTime={new Date(c.issuedAt).toISOString()}>{formatDate(c.issuedAt, locale)}</time>
              </dd>
              <dt className="col-sm-4">{t('cert.field.version')}</dt>
              <dd className="col-sm-8">{c.courseVersion}</dd>
              <dt className="col-sm-4">{t('cert.field.hours')}</dt>
              <dd className="col-sm-8">{formatHours(c.hours, locale, t)}</dd>
              <dt className="col-sm-4">{t('cert.field.issuers')}</dt>
              <dd className="col-sm-8">{c.issuers.join(', ')}</dd>
              <dt className="col-sm-4">{t('cert.action.verify')}</dt>
              <dd className="col-sm-8">
                <a href={c.urls.verify}>{c.urls.verifyAbsolute}</a>
              </dd>
            </dl>
            <ul className="list-unstyled d-flex flex-wrap gap-3 mb-0">
              <li>
                <a className="btn btn-primary" href={c.urls.pdf} download={`attestato-${c.code}.pdf`}>
                  {t('cert.action.pdf')} <span className="visually-hidden">– {c.courseTitle}</span>
                </a>
              </li>
              {c.revokedAt ? null : (
                <>
                  <li>
                    <a className="btn btn-outline-primary" href={c.urls.badge} download={`attestato-${c.code}.jwt`}>
                      {t('cert.action.badge')} <span className="visually-hidden">– {c.courseTitle}</span>
                    </a>
                  </li>
                  <li>
                    <a className="btn btn-outline-primary" href={c.linkedInUrl} rel="noopener noreferrer">
                      {t('cert.action.share')}{' '}
                      <span className="visually-hidden">
                        – {c.courseTitle} ({t('cert.action.shareNote')})
                      </span>
                    </a>
                  </li>
                </>
              )}
            </ul>
          </article>
        );
      })}
      {canManage ? (
        <p className="mt-5">
          <Link to="/certificati/gestione">{t('cert.list.manage')}</Link>
        </p>
      ) : null}
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: 'I miei attestati – Aula' }];
