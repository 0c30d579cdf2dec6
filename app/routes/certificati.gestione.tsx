import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { requireRole } from '~/auth/guards.server';
import { listRevocableCertificates } from '~/certificates/revoke.server';
import { formatDate, useLocale, useT } from '~/i18n/i18n';

/** Coordinators (their organisations' people) and admins (everyone): certificates they may revoke. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireRole({ request, context }, 'coordinator');
  return { certificates: await listRevocableCertificates({ actorId: user.id }) };
}

export default function ManageCertificates() {
  const { certificates } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <div className="container my-5">
      <h1>{t('cert.manage.title')}</h1>
      <p className="lead">{t('cert.manage.lead')}</p>
      {certificates.length === 0 ? (
        <p>{t('cert.manage.empty')}</p>
      ) : (
        <div className="table-responsive">
          <table className="table">
            <caption>{t('cert.manage.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('cert.field.code')}</th>
                <th scope="col">{t('cert.field.holder')}</th>
                <th scope="col">{t('cert.field.course')}</th>
                <th scope="col">{t('cert.field.issuedAt')}</th>
                <th scope="col">{t('cert.field.status')}</th>
                <th scope="col">{t('cert.manage.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {certificates.map((c) => (
                <tr key={c.code}>
                  <td>
                    <code>{c.code}</code>
                  </td>
                  <td>{c.holderName}</td>
                  <td>{c.courseTitle}</td>
                  <td>{formatDate(c.issuedAt, locale)}</td>
                  <td>{c.revokedAt ? `${t('cert.status.revoked')} (${formatDate(c.revokedAt, locale)})` : t('cert.status.valid')}</td>
                  <td>
                    <Link to={c.urls.verify}>
                      {t('cert.manage.verify')} <span className="visually-hidden">{c.code}</span>
                    </Link>
                    {c.revokedAt ? null : (
                      <>
                        {' · '}
                        <Link to={c.urls.revoke}>
                          {t('cert.action.revoke')} <span className="visually-hidden">{c.code}</span>
                        </Link>
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: 'Gestione degli attestati – Aula' }];
