import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Links, Meta, Outlet, Scripts, ScrollRestoration, isRouteErrorResponse, useRouteError, useRouteLoaderData, type ShouldRevalidateFunction } from '@remix-run/react';
import bootstrapItalia from 'bootstrap-italia/dist/css/bootstrap-italia.min.css?url';
import appCss from '~/styles/app.css?url';
import { getUser } from '~/auth/guards.server';
import { env } from '~/utils/env.server';
import { resolveLocale } from '~/i18n/locale.server';
import { translate, type Locale } from '~/i18n/i18n';
import { Layout as Shell } from '~/components/layout';

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: bootstrapItalia },
  { rel: 'stylesheet', href: appCss },
  { rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getUser(request);
  const locale = resolveLocale(request, user?.locale);
  return {
    locale,
    user: user ? { name: user.name, email: user.email, roles: [...new Set(user.roles.map((r) => r.role))] } : null,
    libraryPublic: env.libraryPublic,
  };
}

/** Quiz autosaves do not change the user or the language: skip reloading them. */
export const shouldRevalidate: ShouldRevalidateFunction = ({ formData, defaultShouldRevalidate }) =>
  formData?.get('intent') === 'save' ? false : defaultShouldRevalidate;

export function Layout({ children }: { children: React.ReactNode }) {
  const data = useRouteLoaderData<typeof loader>('root');
  const locale: Locale = data?.locale ?? 'it';
  return (
    <html lang={locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <Shell user={data?.user ?? null} locale={locale} libraryPublic={data?.libraryPublic ?? false}>
          {children}
        </Shell>
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  const data = useRouteLoaderData<typeof loader>('root');
  const locale: Locale = data?.locale ?? 'it';
  const t = (k: Parameters<typeof translate>[1]) => translate(locale, k);
  let title = t('error.title');
  let message = t('error.500');
  let status = 500;
  let detail: string | null = null;
  if (isRouteErrorResponse(error)) {
    status = error.status;
    if (status === 404) message = t('error.404');
    else if (status === 403) message = t('error.403');
    else if (status === 429) message = t('error.429');
    else if (status === 400) message = typeof error.data === 'string' && error.data ? error.data : t('error.400');
    else detail = typeof error.data === 'string' ? error.data : null;
    if (status !== 500 && typeof error.data === 'string' && error.data && status !== 400) detail = locale === 'it' ? error.data : null;
  } else {
    detail = `rif. ${new Date().toISOString()}`;
  }
  if (status === 404) title = locale === 'it' ? 'Pagina non trovata' : 'Page not found';
  return (
    <div className="container my-5">
      <h1>{title}</h1>
      <p className="lead">
        {message} {status >= 500 && detail ? <code>{detail}</code> : null}
      </p>
      {status < 500 && detail && detail !== message ? <p>{detail}</p> : null}
      <p>
        <a href="/">{t('error.home')}</a>
      </p>
    </div>
  );
}

export const meta: MetaFunction = ({ error }) => {
  if (isRouteErrorResponse(error) && error.status === 404) return [{ title: 'Pagina non trovata – Aula' }];
  if (error) return [{ title: 'Errore – Aula' }];
  return [{ title: 'Aula – corso DREAM' }];
};
