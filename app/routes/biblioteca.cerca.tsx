import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Form, Link, useFetcher, useLoaderData, useLocation, useNavigate } from '@remix-run/react';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import libraryCss from '~/library/library.css?url';
import { requireLibraryAccess } from '~/library/access.server';
import { searchLibrary, type SearchOutcome } from '~/library/search.server';
import { MAX_QUERY_LENGTH, PAGE_SIZE, parseSearchParams, RESULT_KINDS } from '~/library/search-query';
import { LibraryBreadcrumb, officeKindKey, resultKindKey, topicKey } from '~/library/components';
import { OFFICE_KINDS, TOPICS } from '~/content/formats';
import { useT } from '~/i18n/i18n';

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: libraryCss }];

type Shown = { q: string; tema: string; ufficio: string; tipo: string; pagina: number };

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireLibraryAccess({ request, context });
  const url = new URL(request.url);
  const parsed = parseSearchParams(url.searchParams);
  if (!parsed.data) {
    const shown: Shown = { q: parsed.q, tema: '', ufficio: '', tipo: '', pagina: 1 };
    return data({ shown, error: parsed.error as string | null, outcome: { status: 'idle', results: [], total: 0 } as SearchOutcome }, { status: 400 });
  }
  const p = parsed.data;
  const shown: Shown = { q: p.q, tema: p.tema ?? '', ufficio: p.ufficio ?? '', tipo: p.tipo ?? '', pagina: p.pagina };
  const outcome = await searchLibrary(p);
  if (outcome.status === 'no-terms') return data({ shown, error: outcome.message as string | null, outcome }, { status: 400 });
  return { shown, error: null as string | null, outcome };
}

const DEBOUNCE_MS = 180;

export default function LibrarySearch() {
  const loaded = useLoaderData<typeof loader>();
  const fetcher = useFetcher<typeof loader>();
  const location = useLocation();
  const navigate = useNavigate();
  const t = useT();
  const form = useRef<HTMLFormElement>(null);
  const timer = useRef<number | undefined>(undefined);
  const [live, setLive] = useState(false);
  const [values, setValues] = useState(loaded.shown);

  // After a navigation (submit, page link, back) the URL's query and results are the ones to show
  // (state adjusted while rendering, as React recommends, not in an effect).
  const [seenKey, setSeenKey] = useState(location.key);
  if (seenKey !== location.key) {
    setSeenKey(location.key);
    setLive(false);
    setValues(loaded.shown);
  }
  useEffect(() => () => window.clearTimeout(timer.current), []);

  const view = live && fetcher.data ? fetcher.data : loaded;
  const busy = live && fetcher.state === 'loading';

  /** The form's fields without the empty ones (short, shareable URLs). */
  function currentParams() {
    const params = new URLSearchParams();
    if (form.current) for (const [k, v] of new FormData(form.current)) if (typeof v === 'string' && v.trim() !== '') params.set(k, v);
    return params;
  }

  function scheduleLiveSearch() {
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => {
      setLive(true);
      fetcher.load(`/biblioteca/cerca?${currentParams()}`);
    }, DEBOUNCE_MS);
  }

  // With JavaScript, submitting navigates to the clean URL; without it the browser submits the GET form.
  function submit(event: FormEvent<HTMLFormElement>) {
    window.clearTimeout(timer.current);
    event.preventDefault();
    navigate(`/biblioteca/cerca?${currentParams()}`, { preventScrollReset: true });
  }

  const { shown, error, outcome } = view;
  const set = (k: 'q' | 'tema' | 'ufficio' | 'tipo') => (e: { currentTarget: { value: string } }) => setValues({ ...values, [k]: e.currentTarget.value });
  return (
    <div className="container my-5">
      <LibraryBreadcrumb current={t('search.title')} />
      <h1>{t('search.title')}</h1>
      <Form ref={form} method="get" action="/biblioteca/cerca" role="search" aria-label={t('search.title')} className="aula-card mb-4" onChange={scheduleLiveSearch} onSubmit={submit}>
        <label htmlFor="q" className="form-label fw-semibold">
          {t('search.label')}
        </label>
        <p id="q-hint" className="small mb-2">
          {t('library.searchHint')}
        </p>
        <div className="d-flex gap-2 mb-3">
          <input
            id="q"
            name="q"
            type="search"
            className="form-control"
            value={values.q}
            onChange={set('q')}
            maxLength={MAX_QUERY_LENGTH}
            autoComplete="off"
            aria-describedby={error ? 'q-hint q-error' : 'q-hint'}
            aria-invalid={error ? true : undefined}
            aria-controls="risultati"
          />
          <button type="submit" className="btn btn-primary">
            {t('library.searchSubmit')}
          </button>
        </div>
        {error ? (
          <p id="q-error" className="aula-field-error" role="alert">
            {error}
          </p>
        ) : null}
        <fieldset className="aula-filters">
          <legend>{t('search.filters')}</legend>
          <div className="row g-3">
            <div className="col-md-4">
              <label htmlFor="tema" className="form-label small">
                {t('search.topic')}
              </label>
              <select id="tema" name="tema" className="form-select" value={values.tema} onChange={set('tema')}>
                <option value="">{t('search.topicAll')}</option>
                {TOPICS.map((x) => (
                  <option key={x} value={x}>
                    {t(topicKey(x))}
                  </option>
                ))}
              </select>
            </div>
            <div className="col-md-4">
              <label htmlFor="ufficio" className="form-label small">
                {t('search.office')}
              </label>
              <select id="ufficio" name="ufficio" className="form-select" value={values.ufficio} onChange={set('ufficio')}>
                <option value="">{t('search.officeAll')}</option>
                {OFFICE_KINDS.map((x) => (
                  <option key={x} value={x}>
                    {t(officeKindKey(x))}
                  </option>
                ))}
              </select>
            </div>
            <div className="col-md-4">
              <label htmlFor="tipo" className="form-label small">
                {t('search.kind')}
              </label>
              <select id="tipo" name="tipo" className="form-select" value={values.tipo} onChange={set('tipo')}>
                <option value="">{t('search.kindAll')}</option>
                {RESULT_KINDS.map((x) => (
                  <option key={x} value={x}>
                    {t(resultKindKey(x))}
                  </option>
                ))}
              </select>
            </div>
          </div>
        </fieldset>
      </Form>

      <section id="risultati" aria-labelledby="risultati-titolo" aria-busy={busy || undefined} className={busy ? 'aula-search-busy' : undefined}>
        <h2 id="risultati-titolo" className="h4">
          {t('search.results')}
        </h2>
        <p role="status" aria-live="polite" aria-atomic="true" className="fw-semibold">
          <StatusLine shown={shown} outcome={outcome} error={error} />
        </p>
        {outcome.status === 'ok' && outcome.results.length ? (
          <ol className="aula-results" start={(outcome.page - 1) * PAGE_SIZE + 1}>
            {outcome.results.map((r) => (
              <li key={`${r.kind}:${r.ref}`}>
                <span className={`aula-kind ${r.kind}`}>{t(resultKindKey(r.kind))}</span>
                <h3 lang="it">
                  <Link to={r.url}>{r.title}</Link>
                </h3>
                {/* snippetHtml is escaped on the server; only <mark> is markup (search.server.ts headlineToHtml) */}
                <p className="aula-snippet" lang="it" dangerouslySetInnerHTML={{ __html: r.snippetHtml }} />
                {r.topics.length ? <p className="small">{r.topics.map((x) => t(topicKey(x))).join(' · ')}</p> : null}
              </li>
            ))}
          </ol>
        ) : null}
        {outcome.status === 'ok' && outcome.pages > 1 ? <Pagination shown={shown} page={outcome.page} pages={outcome.pages} /> : null}
      </section>
    </div>
  );
}

function StatusLine({ shown, outcome, error }: { shown: Shown; outcome: SearchOutcome; error: string | null }) {
  const t = useT();
  if (error) return <>{t('search.none')}.</>;
  if (outcome.status !== 'ok') return <>{t('search.idle')}</>;
  const count = `${outcome.more ? `${t('search.more')} ` : ''}${outcome.total} ${outcome.total === 1 && !outcome.more ? t('search.count.one') : t('search.count.many')}`;
  if (outcome.browse) return <>{`${count}. ${t('search.browse')}`}</>;
  if (outcome.total === 0)
    return (
      <>
        {t('search.none')} {t('search.for')} «{shown.q}». <span className="fw-normal">{t('search.noneHint')}</span>
      </>
    );
  if (outcome.correctedTo)
    return (
      <>
        {t('search.none')} {t('search.for')} «{shown.q}». {t('search.corrected')} «{outcome.correctedTo}»: {count}.
      </>
    );
  if (outcome.partial)
    return (
      <>
        {count}. <span className="fw-normal">{t('search.partial')}</span>
      </>
    );
  return (
    <>
      {count} {t('search.for')} «{shown.q}».
    </>
  );
}

function Pagination({ shown, page, pages }: { shown: Shown; page: number; pages: number }) {
  const t = useT();
  const href = (n: number) => {
    const p = new URLSearchParams();
    for (const k of ['q', 'tema', 'ufficio', 'tipo'] as const) if (shown[k]) p.set(k, shown[k]);
    if (n > 1) p.set('pagina', String(n));
    return `/biblioteca/cerca?${p}`;
  };
  return (
    <nav aria-label={t('search.pagination')} className="d-flex flex-wrap gap-4 align-items-center mt-3">
      {page > 1 ? <Link to={href(page - 1)}>← {t('search.prev')}</Link> : null}
      <span>
        {t('search.page')} {page} {t('search.of')} {pages}
      </span>
      {page < pages ? <Link to={href(page + 1)}>{t('search.next')} →</Link> : null}
    </nav>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data: d }) => [{ title: d?.shown.q ? `«${d.shown.q}» – Cerca nella biblioteca – Aula` : 'Cerca nella biblioteca – Aula' }];
