import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Links, Meta, Outlet, Scripts, ScrollRestoration, isRouteErrorResponse, useRouteError, useRouteLoaderData, type ShouldRevalidateFunction } from '@remix-run/react';
import bootstrapItalia from 'bootstrap-italia/dist/css/bootstrap-italia.min.css?url';
import appCss from '~/styles/app.css?url';
import { getLocale, getUser } from '~/auth/guards.server';
import { getSettings } from '~/admin/settings.server';
import { translate, useLocale, type Locale, type MessageKey } from '~/i18n/i18n';
import { isErrorPayload } from '~/http/error-payload';
import { useNonce } from '~/http/nonce';
import { Layout as Shell } from '~/components/layout';

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: bootstrapItalia },
  { rel: 'stylesheet', href: appCss },
  { rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const [user, locale, settings] = await Promise.all([getUser({ request, context }), getLocale({ request, context }), getSettings()]);
  return {
    locale,
    user: user ? { name: user.name, email: user.email, roles: [...new Set(user.roles.map((r) => r.role))] } : null,
    libraryPublic: settings.libraryPublic,
    siteName: settings.siteName,
    supportContact: settings.supportContact,
  };
}

/** Quiz autosaves do not change the user or the language: skip reloading them. */
export const shouldRevalidate: ShouldRevalidateFunction = ({ formData, defaultShouldRevalidate }) => (formData?.get('intent') === 'save' ? false : defaultShouldRevalidate);

export function Layout({ children }: { children: React.ReactNode }) {
  const data = useRouteLoaderData<typeof loader>('root');
  const nonce = useNonce();
  const locale: Locale = useLocale();
  return (
    <html lang={locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <Shell user={data?.user ?? null} locale={locale} libraryPublic={data?.libraryPublic ?? false} siteName={data?.siteName ?? ''} supportContact={data?.supportContact ?? ''}>
          {children}
        </Shell>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

/**
 * The one error boundary: 400, 403, 404, 409, 413, 429, 500 and 503, in the reader's language, inside
 * the page's header and navigation. Routes throw `httpError(status, key)`; anything else (Remix's
 * own 404, an unexpected error) gets the generic text of its status, never a developer's message.
 */
export function ErrorBoundary() {
  const error = useRouteError();
  const locale = useLocale();
  const t = (k: MessageKey, values?: Record<string, string | number>) => translate(locale, k, values);
  let status = 500;
  let message: string;
  if (isRouteErrorResponse(error)) {
    status = error.status;
    const generic: Record<number, MessageKey> = {
      400: 'error.400',
      403: 'error.403',
      404: 'error.404',
      405: 'error.400',
      409: 'error.409',
      410: 'error.410',
      413: 'error.413',
      415: 'error.415',
      429: 'error.429.generic',
      503: 'error.503',
    };
    message = isErrorPayload(error.data) ? t(error.data.key, error.data.values) : t(generic[status] ?? 'error.500');
  } else {
    message = t('error.500');
  }
  const title = status === 404 ? t('error.title.404') : status === 503 ? t('error.503.title') : t('error.title');
  return (
    <div className="container my-5">
      <h1>{title}</h1>
      <p className="lead" data-status={status}>
        {message} {status >= 500 && status !== 503 ? <code>{`rif. ${new Date().toISOString()}`}</code> : null}
      </p>
      <ul className="list-unstyled">
        <li>
          <a href="/">{t('error.home')}</a>
        </li>
      </ul>
    </div>
  );
}

export const meta: MetaFunction = ({ error }) => {
  if (isRouteErrorResponse(error) && error.status === 404) return [{ title: 'Pagina non trovata – Aula' }];
  if (error) return [{ title: 'Errore – Aula' }];
  return [{ title: 'Aula' }];
};
