import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { requireLibraryAccess } from '~/library/access.server';
import { listGlossary } from '~/library/library.server';
import { useT } from '~/i18n/i18n';

export async function loader({ request }: LoaderFunctionArgs) {
  await requireLibraryAccess(request);
  return { terms: await listGlossary() };
}

export default function Glossary() {
  const { terms } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div className="container my-5">
      <h1>{t('glossary.title')}</h1>
      <p className="lead">{t('glossary.lead')}</p>
      <dl className="aula-prose" lang="it">
        {terms.map((g) => (
          <div key={g.id} id={g.id} className="py-3 border-bottom" tabIndex={-1}>
            <dt className="h5">
              {g.term}
              {g.expansion ? <span className="fw-normal"> – {g.expansion}</span> : null}
            </dt>
            <dd className="mb-0">
              {g.definition}
              {g.source ? <span className="d-block small mt-1">Fonte: {g.source}</span> : null}
            </dd>
          </div>
        ))}
      </dl>
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: 'Glossario – Aula' }];
