import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import libraryCss from '~/library/library.css?url';
import { requireLibraryAccess } from '~/library/access.server';
import { listGlossary } from '~/library/library.server';
import { cardsByTerm } from '~/library/cards.server';
import { LibraryBreadcrumb } from '~/library/components';
import { useT } from '~/i18n/i18n';

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: libraryCss }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireLibraryAccess({ request, context });
  const [terms, cards] = await Promise.all([listGlossary(), cardsByTerm()]);
  return { terms: terms.map((g) => ({ ...g, cards: cards[g.id] ?? [] })) };
}

export default function Glossary() {
  const { terms } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div className="container my-5">
      <LibraryBreadcrumb current={t('glossary.title')} />
      <h1>{t('glossary.title')}</h1>
      <p className="lead">{t('glossary.lead')}</p>
      <nav aria-label={t('glossary.title')} className="aula-topic-nav mb-3">
        <ul>
          {terms.map((g) => (
            <li key={g.id}>
              <a href={`#${g.id}`}>{g.term}</a>
            </li>
          ))}
        </ul>
      </nav>
      <dl className="aula-prose" lang="it">
        {terms.map((g) => (
          <div key={g.id} id={g.id} className="py-3 border-bottom aula-term" tabIndex={-1}>
            <dt className="h5">
              {g.term}
              {g.expansion ? <span className="fw-normal"> – {g.expansion}</span> : null}
            </dt>
            <dd className="mb-0">
              {g.definition}
              {g.source ? <span className="d-block small mt-1">Fonte: {g.source}</span> : null}
              {g.cards.length ? (
                <span className="d-block small mt-1">
                  {t('library.kind.scheda')}:{' '}
                  {g.cards.map((c, i) => (
                    <span key={c.slug}>
                      {i ? ', ' : null}
                      <Link to={`/biblioteca/${c.slug}`}>{c.title}</Link>
                    </span>
                  ))}
                </span>
              ) : null}
            </dd>
          </div>
        ))}
      </dl>
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: 'Glossario – Biblioteca – Aula' }];
