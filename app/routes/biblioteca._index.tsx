import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import libraryCss from '~/library/library.css?url';
import { requireLibraryAccess } from '~/library/access.server';
import { listCardsByTopic } from '~/library/cards.server';
import { LibrarySearchBox, Reviewed, topicKey } from '~/library/components';
import { useT } from '~/i18n/i18n';

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: libraryCss }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireLibraryAccess({ request, context });
  return listCardsByTopic();
}

export default function LibraryIndex() {
  const { groups, total } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div className="container my-5">
      <h1>{t('library.title')}</h1>
      <p className="lead">{t('library.lead')}</p>
      <LibrarySearchBox />
      <nav aria-label={t('library.sections')} className="mb-4">
        <ul className="list-unstyled d-flex flex-wrap gap-4 mb-0">
          <li>
            <Link to="/biblioteca/glossario" className="fw-semibold">
              {t('library.glossaryLink')}
            </Link>
            : {t('library.glossaryLinkText')}
          </li>
          <li>
            <Link to="/biblioteca/uffici" className="fw-semibold">
              {t('library.officesLink')}
            </Link>
            : {t('library.officesLinkText')}
          </li>
        </ul>
      </nav>
      <h2>
        {t('library.cardsByTopic')} <span className="fw-normal">({total})</span>
      </h2>
      {groups.length === 0 ? <p>{t('library.empty')}</p> : null}
      {groups.length ? (
        <nav aria-label={t('library.topicsNav')} className="aula-topic-nav my-3">
          <ul>
            {groups.map((g) => (
              <li key={g.topic}>
                <a href={`#tema-${g.topic}`}>{t(topicKey(g.topic))}</a>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
      {groups.map((g) => (
        <section key={g.topic} aria-labelledby={`tema-${g.topic}`} className="mt-4">
          <h3 id={`tema-${g.topic}`} tabIndex={-1}>
            {t(topicKey(g.topic))}{' '}
            <span className="fw-normal small">
              ({g.cards.length} {g.cards.length === 1 ? t('library.cardCountOne') : t('library.cardCount')})
            </span>
          </h3>
          <ul className="aula-card-list">
            {g.cards.map((c) => (
              <li key={c.slug}>
                <Link to={`/biblioteca/${c.slug}`}>{c.title}</Link>
                <p lang="it">{c.summary}</p>
                <p className="small">
                  <Reviewed reviewedAt={c.reviewedAt} stale={c.stale} />
                </p>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: 'Biblioteca – Aula' }, { name: 'description', content: 'Schede pratiche, glossario e uffici per lo sportello immigrati.' }];
