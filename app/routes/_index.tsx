import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { getUser } from '~/auth/guards.server';
import { useT } from '~/i18n/i18n';

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await getUser({ request, context });
  return { signedIn: Boolean(user) };
}

export default function Home() {
  const { signedIn } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div className="container my-5">
      <h1>{t('home.title')}</h1>
      <p className="lead aula-prose">{t('home.lead')}</p>
      <Link className="btn btn-primary btn-lg" to={signedIn ? '/corsi' : '/login'}>
        {signedIn ? t('home.cta.signedIn') : t('home.cta')}
      </Link>
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: 'Aula – corso DREAM' }];
