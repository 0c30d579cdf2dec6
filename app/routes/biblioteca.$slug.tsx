import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { useRef, useState, useSyncExternalStore } from 'react';
import libraryCss from '~/library/library.css?url';
import { requireLibraryAccess } from '~/library/access.server';
import { getCardPage } from '~/library/cards.server';
import { bodyRef } from '~/content/body.server';
import { ContentBody } from '~/content/body';
import { LibraryBreadcrumb, officeKindKey, Reviewed, topicKey } from '~/library/components';
import { formatDate, useLocale, useT } from '~/i18n/i18n';
import { env } from '~/utils/env.server';
import { httpError } from '~/http/errors.server';

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: libraryCss }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireLibraryAccess({ request, context });
  const slug = params.slug ?? '';
  const page = /^[a-z0-9-]{1,120}$/.test(slug) ? await getCardPage({ slug }) : null;
  if (!page) throw httpError(404, 'error.notFound.card');
  const { html, bodyHash, ...rest } = page;
  // Front-desk operators record a consultation from the card they have open.
  const canRecord = Boolean(user?.roles.some((r) => r.role === 'operatore'));
  return { ...rest, canRecord, body: bodyRef(context, bodyHash, html), url: `${env.baseUrl}/biblioteca/${slug}` };
}

export default function CardPage() {
  const page = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const c = page.card;
  return (
    <div className="container my-5 aula-library-card">
      <LibraryBreadcrumb current={c.title} />
      <div className="row">
        <div className="col-lg-8">
          <p className="mb-1 text-uppercase small fw-semibold aula-card-label">{t('card.label')}</p>
          <h1 lang="it">{c.title}</h1>
          <p className="lead" lang="it">
            {c.summary}
          </p>
          {page.canRecord ? (
            <p className="aula-noprint">
              <Link to={`/sportello/nuova?scheda=${c.slug}`} className="btn btn-primary">
                {t('sportello.record')}
              </Link>
            </p>
          ) : null}
          <dl className="aula-card-meta">
            <dt className="visually-hidden">{t('library.reviewed')}</dt>
            <dd className="ms-0">
              <Reviewed reviewedAt={c.reviewedAt} stale={c.stale} /> · {t('card.version')} {c.versionNo}
            </dd>
            <dt>{t('card.topics')}:</dt>
            <dd>{c.topics.map((topic) => t(topicKey(topic))).join(', ')}</dd>
            <dt>{t('card.offices')}:</dt>
            <dd>{c.offices.map((o) => t(officeKindKey(o))).join(', ')}</dd>
          </dl>
          {c.stale ? (
            <div className="aula-stale" role="note" aria-labelledby="scheda-da-ricontrollare">
              <p>
                <strong id="scheda-da-ricontrollare">
                  <span aria-hidden="true">⚠️ </span>
                  {t('card.staleTitle')}.
                </strong>{' '}
                {t('card.stale')}
              </p>
            </div>
          ) : null}
          <ContentBody className="aula-prose aula-card-body" body={page.body} />
          <p className="aula-print-only">
            {t('card.printedFrom')}: {page.url} · {t('library.reviewed')} {formatDate(c.reviewedAt, locale)}
          </p>

          {page.terms.length ? (
            <section aria-labelledby="termini" className="mt-5 aula-noprint">
              <h2 id="termini">{t('card.terms')}</h2>
              <dl className="aula-term-list" lang="it">
                {page.terms.map((g) => (
                  <div key={g.id}>
                    <dt>
                      {g.term}
                      {g.expansion ? <span className="fw-normal"> – {g.expansion}</span> : null}
                    </dt>
                    <dd>
                      {g.definition}{' '}
                      <Link to={`/biblioteca/glossario#${g.id}`}>
                        {t('card.termOpen')}
                        <span className="visually-hidden">: {g.term}</span>
                      </Link>
                    </dd>
                  </div>
                ))}
              </dl>
            </section>
          ) : null}

          <section aria-labelledby="moduli" className="mt-5 aula-noprint">
            <h2 id="moduli">{t('card.modules')}</h2>
            {page.modules.length ? (
              <ul>
                {page.modules.map((m) => (
                  <li key={`${m.courseSlug}/${m.slug}`}>
                    <Link to={`/corsi/${m.courseSlug}/${m.slug}`}>
                      {t('card.module')} {m.position}: {m.title}
                    </Link>{' '}
                    <span className="small">({m.courseTitle})</span>
                  </li>
                ))}
              </ul>
            ) : (
              <p>{t('card.modulesNone')}</p>
            )}
          </section>

          <CardLinks id="schede-citate" title={t('card.citedCards')} cards={page.citedCards} />
          <CardLinks id="schede-rimandano" title={t('card.citedBy')} cards={page.citedBy} />
        </div>
        <aside className="col-lg-4 aula-library-aside">
          <nav className="aula-toc aula-card" aria-labelledby="indice-scheda">
            <h2 id="indice-scheda" className="h6">
              {t('card.toc')}
            </h2>
            <ul>
              {page.toc.map((h) => (
                <li key={h.id} className={`depth-${h.depth}`}>
                  <a href={`#${h.id}`}>{h.text}</a>
                </li>
              ))}
            </ul>
          </nav>
          <ShareBox url={page.url} />
        </aside>
      </div>
    </div>
  );
}

/** Without JavaScript: the link in a read-only field. With JavaScript: copy and print buttons too. */
function ShareBox({ url }: { url: string }) {
  const t = useT();
  // True once hydrated in a browser (the copy button needs JavaScript); false in the server's HTML.
  const enhanced = useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
  const [status, setStatus] = useState('');
  const input = useRef<HTMLInputElement>(null);
  async function copy() {
    try {
      await navigator.clipboard.writeText(url);
      setStatus(t('card.copied'));
    } catch {
      input.current?.focus();
      input.current?.select();
      let ok = false;
      try {
        ok = document.execCommand('copy');
      } catch {
        ok = false;
      }
      setStatus(ok ? t('card.copied') : t('card.copyFailed'));
    }
  }
  return (
    <section className="aula-card" aria-labelledby="condividi">
      <h2 id="condividi" className="h6">
        {t('card.share')}
      </h2>
      <label htmlFor="link-scheda" className="form-label small fw-semibold">
        {t('card.linkLabel')}
      </label>
      <input ref={input} id="link-scheda" className="form-control" type="text" readOnly value={url} onFocus={(e) => e.currentTarget.select()} />
      {enhanced ? (
        <div className="d-flex flex-wrap gap-2 mt-2">
          <button type="button" className="btn btn-primary btn-sm" onClick={copy}>
            {t('card.copy')}
          </button>
          <button type="button" className="btn btn-outline-primary btn-sm" onClick={() => window.print()} aria-describedby="stampa-nota">
            {t('card.print')}
          </button>
        </div>
      ) : null}
      <p id="stampa-nota" className="small mt-2 mb-0">
        {t('card.printHint')}
      </p>
      <p role="status" className="small mt-1 mb-0 fw-semibold">
        {status}
      </p>
    </section>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.card.title ?? 'Scheda'} – Biblioteca – Aula` }, { name: 'description', content: data?.card.summary ?? '' }];

/** A titled list of links to other cards; nothing when the list is empty. */
function CardLinks({ id, title, cards }: { id: string; title: string; cards: Array<{ slug: string; title: string }> }) {
  if (!cards.length) return null;
  return (
    <section aria-labelledby={id} className="mt-4 aula-noprint">
      <h2 id={id}>{title}</h2>
      <ul>
        {cards.map((s) => (
          <li key={s.slug}>
            <Link to={`/biblioteca/${s.slug}`}>{s.title}</Link>
          </li>
        ))}
      </ul>
    </section>
  );
}

const noSubscription = () => () => {};
