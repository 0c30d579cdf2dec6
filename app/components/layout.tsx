import { Form, Link, useLocation } from '@remix-run/react';
import type { ReactNode } from 'react';
import { translate, type Locale, type MessageKey } from '~/i18n/i18n';

type Props = {
  user: { name: string; email: string; roles: string[] } | null;
  locale: Locale;
  /** LIBRARY_PUBLIC=true: anonymous visitors get the library in the navigation too. */
  libraryPublic?: boolean;
  /** the admin's site name (settings): the header's subtitle; empty: the default tagline */
  siteName?: string;
  supportContact?: string;
  children: ReactNode;
};

/** The page shell in the Designers Italia pattern: slim header, brand header, navigation, footer. */
export function Layout({ user, locale, libraryPublic = false, siteName = '', supportContact = '', children }: Props) {
  const t = (k: MessageKey) => translate(locale, k);
  const location = useLocation();
  const here = location.pathname + location.search;
  const nav: Array<{ to: string; label: string }> = [];
  if (user) {
    nav.push({ to: '/corsi', label: t('nav.courses') });
    nav.push({ to: '/attestati', label: t('nav.certificates') });
    nav.push({ to: '/biblioteca', label: t('nav.library') });
    nav.push({ to: '/profilo', label: t('nav.profile') });
    if (user.roles.includes('lecturer') || user.roles.includes('admin')) {
      nav.push({ to: '/studio', label: t('nav.studio') });
      nav.push({ to: '/docente/statistiche', label: t('nav.stats') });
    }
    if (user.roles.includes('operatore')) nav.push({ to: '/sportello', label: t('nav.sportello') });
    else if (user.roles.includes('coordinator') || user.roles.includes('admin')) nav.push({ to: '/sportello/indicatori', label: t('nav.indicators') });
    if (user.roles.includes('coordinator') || user.roles.includes('admin')) nav.push({ to: '/coordinamento', label: t('nav.coordination') });
    if (user.roles.includes('admin')) {
      nav.push({ to: '/admin/utenti', label: t('nav.admin') });
      nav.push({ to: '/admin', label: t('nav.administration') });
    }
  } else if (libraryPublic) {
    nav.push({ to: '/biblioteca', label: t('nav.library') });
  }
  // The section of this page: the longest navigation entry that the path starts with.
  const current = nav
    .map((n) => n.to)
    .filter((to) => location.pathname === to || location.pathname.startsWith(`${to}/`))
    .sort((a, b) => b.length - a.length)[0];
  const other: Locale = locale === 'it' ? 'en' : 'it';
  return (
    <>
      <a className="aula-skip" href="#contenuto">
        {t('nav.skip')}
      </a>
      <header className="aula-header">
        <div className="aula-slim py-2">
          <div className="container d-flex flex-wrap align-items-center justify-content-between gap-2">
            <span>{t('app.owner')}</span>
            <div className="d-flex align-items-center gap-3">
              <Form method="post" action="/lingua" className="d-inline">
                <input type="hidden" name="locale" value={other} />
                <input type="hidden" name="redirectTo" value={here} />
                <button type="submit" className="aula-linkbutton" lang={other} aria-label={t('lang.switch.label')}>
                  {t('lang.switch')}
                </button>
              </Form>
              {user ? (
                <Form method="post" action="/logout" className="d-inline">
                  <button type="submit" className="aula-linkbutton">
                    {t('nav.logout')} <span className="visually-hidden">({user.email})</span>
                  </button>
                </Form>
              ) : (
                <Link to="/login">{t('nav.login')}</Link>
              )}
            </div>
          </div>
        </div>
        <div className="container py-3">
          <Link to={user ? '/corsi' : '/'} className="aula-brand">
            {t('app.name')}
            <small>{siteName || t('app.tagline')}</small>
          </Link>
        </div>
        {nav.length ? (
          <nav className="aula-nav" aria-label={t('nav.main')}>
            <div className="container">
              {nav.map((n) => (
                <Link key={n.to} to={n.to} aria-current={n.to === current ? 'page' : undefined}>
                  {n.label}
                </Link>
              ))}
            </div>
          </nav>
        ) : null}
      </header>
      <main id="contenuto" tabIndex={-1}>
        {children}
      </main>
      <footer className="aula-footer">
        <div className="container">
          <p className="mb-1">
            <strong>Aula</strong> · {t('app.owner')}
          </p>
          <p className="mb-1 small">{t('footer.notice')}</p>
          {supportContact ? (
            <p className="mb-1 small">
              {t('footer.support')}: {supportContact}
            </p>
          ) : null}
          <ul className="list-inline mb-0 small">
            <li className="list-inline-item">
              <Link to="/certificati/verifica">{t('footer.verify')}</Link>
            </li>
            <li className="list-inline-item">
              <Link to="/privacy">{t('footer.privacy')}</Link>
            </li>
            <li className="list-inline-item">
              <Link to="/accessibilita">{t('footer.accessibility')}</Link>
            </li>
          </ul>
        </div>
      </footer>
    </>
  );
}

export function ProgressBar({ percent, label }: { percent: number; label: string }) {
  return (
    <div>
      <div className="d-flex justify-content-between small">
        <span>{label}</span>
        <span>{percent}%</span>
      </div>
      <div className="aula-progress" role="progressbar" aria-label={label} aria-valuenow={percent} aria-valuemin={0} aria-valuemax={100}>
        <span style={{ width: `${percent}%` }} />
      </div>
    </div>
  );
}
