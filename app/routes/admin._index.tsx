import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link } from '@remix-run/react';
import { requireRole } from '~/auth/guards.server';
import { useT, type MessageKey } from '~/i18n/i18n';

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireRole({ request, context }, 'admin');
  return null;
}

const SECTIONS: Array<{ to: string; key: MessageKey }> = [
  { to: '/admin/utenti', key: 'admin.home.users' },
  { to: '/admin/organizzazioni', key: 'admin.home.orgs' },
  { to: '/admin/impostazioni', key: 'admin.home.settings' },
  { to: '/admin/registro', key: 'admin.home.audit' },
  { to: '/admin/privacy', key: 'admin.home.privacy' },
  { to: '/admin/posta', key: 'admin.home.mail' },
  { to: '/admin/contenuti', key: 'admin.home.content' },
];

export default function AdminHome() {
  const t = useT();
  return (
    <div className="container my-5">
      <h1>{t('admin.home.title')}</h1>
      <p className="lead">{t('admin.home.lead')}</p>
      <ul className="list-unstyled">
        {SECTIONS.map((s) => (
          <li key={s.to} className="mb-2">
            <Link to={s.to}>{t(s.key)}</Link>
          </li>
        ))}
      </ul>
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: 'Amministrazione – Aula' }];
