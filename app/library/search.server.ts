/**
 * Library search over cards, glossary terms and offices together (PostgreSQL full text, Italian
 * configuration on unaccented text; pg_trgm for typos). See search-query.ts for how the typed text
 * becomes a tsquery without ever entering SQL as syntax.
 */
import { eq, sql, type SQL } from 'drizzle-orm';
import { getDb, preparedQuery, schema } from '~/utils/db.server';
import {
  CANDIDATES,
  MAX_PAGES,
  PAGE_SIZE,
  buildSynonymIndex,
  compactKey,
  correctGroups,
  planQuery,
  toTsquery,
  type QueryGroup,
  type ResultKind,
  type SearchParams,
  type SynonymEntry,
} from './search-query';

export interface SearchHit {
  kind: ResultKind;
  ref: string;
  url: string;
  title: string;
  summary: string;
  /** HTML-escaped text where only <mark> … </mark> is markup */
  snippetHtml: string;
  topics: string[];
  reviewedAt: string | null;
}

export type SearchOutcome =
  | { status: 'idle'; results: []; total: 0 }
  | { status: 'no-terms'; message: string; results: []; total: 0 }
  | {
      status: 'ok';
      results: SearchHit[];
      /** number of results, at most CANDIDATES for a full-text search (then `more` says there are others) */
      total: number;
      more: boolean;
      page: number;
      pages: number;
      correctedTo: string | null;
      partial: boolean;
      browse: boolean;
    };

const KIND_OF_ROW = { card: 'scheda', term: 'glossario', office: 'ufficio' } as const;
const ROW_OF_KIND = { scheda: 'card', glossario: 'term', ufficio: 'office' } as const;
/**
 * Cards are the answer an operator needs. A glossary entry or an office is short, so a word in its
 * title ranks it very high: its rank counts 0.15 of a card's. It comes after the cards that deal
 * with the word ("C3" → the card on the asylum application, then the term), before those that
 * only mention it once.
 */
const OTHER_WEIGHT = 0.15;

/**
 * On top of the full-text rank, which counts how often the words occur (title A, summary B, body
 * C), two signals of what the operator means, computed on the candidates only and for cards only
 * (a glossary term or an office keeps its plain, reduced rank):
 *  - the title (with the abbreviations it writes) contains every typed word: +TITLE_BONUS, plus up
 *    to COVERAGE_BONUS for how much of the title the words cover, so "lungo periodo" prefers the
 *    card titled on the long-term permit to the one on its language test;
 *  - the typed words appear in a row, as a phrase, in the title or the summary: +PHRASE_BONUS
 *    ("kit postale", "carta di soggiorno", "pds"). Short words (di, per, del) may sit between them.
 */
const TITLE_BONUS = 0.5;
const COVERAGE_BONUS = 0.3;
const PHRASE_BONUS = 0.3;

/**
 * A POSIX regular expression (for PostgreSQL's ~) matching the typed words in a row, whole words,
 * on unaccented lower-case text. Tokens hold only letters, digits, `.` and `/`, so escaping the dot
 * is all it takes; the result is a bound parameter, never SQL.
 */
export function phrasePattern(words: string[]): string {
  const parts = words
    .flatMap((w) => w.split(/[./]/))
    .map(compactKey)
    .filter(Boolean);
  if (!parts.length) return '';
  return `\\m${parts.join('[^[:alnum:]]+(?:[[:alnum:]]{1,3}[^[:alnum:]]+)?')}\\M`;
}

// Private-use characters mark the highlighted words in ts_headline: the indexed text never contains them
// (they are stripped when the index is built), so after HTML-escaping they are the only thing turned into <mark>.
const START = '\uE000';
const STOP = '\uE001';
const HEADLINE_OPTIONS = `StartSel="${START}", StopSel="${STOP}", MaxWords=35, MinWords=15, ShortWord=2`;
const EXCERPT = 700;

/** Where the snippet should be: the first letters of the first typed word, lower case (Italian accents are on final letters). */
function needleOf(groups: QueryGroup[]) {
  const word = groups
    .flatMap((g) => g.alternatives[0] ?? [])
    .map(compactKey)
    .find((w) => w.length >= 2);
  return word ? word.slice(0, 6) : '';
}

export function urlFor(kind: 'card' | 'term' | 'office', ref: string) {
  if (kind === 'card') return `/biblioteca/${ref}`;
  if (kind === 'term') return `/biblioteca/glossario#${ref}`;
  return `/biblioteca/uffici#${ref}`;
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/** Escapes everything, then turns the private-use markers (balanced) into <mark>. */
export function headlineToHtml(headline: string): string {
  let open = false;
  let out = '';
  for (const part of headline.split(/([\uE000\uE001])/u)) {
    if (part === START) {
      if (!open) out += '<mark>';
      open = true;
    } else if (part === STOP) {
      if (open) out += '</mark>';
      open = false;
    } else out += escapeHtml(part);
  }
  return open ? `${out}</mark>` : out;
}

async function loadSynonyms(): Promise<SynonymEntry[]> {
  const db = await getDb();
  return db.select({ abbr: schema.synonyms.abbr, expands: schema.synonyms.expands }).from(schema.synonyms);
}

type Filters = Pick<SearchParams, 'tema' | 'ufficio' | 'tipo'>;

function filters({ tema, ufficio, tipo }: Filters): SQL {
  const parts: SQL[] = [];
  if (tema) parts.push(sql`s.topics @> array[${tema}]::text[]`);
  if (ufficio) parts.push(sql`s.office_kinds @> array[${ufficio}]::text[]`);
  if (tipo) parts.push(sql`s.kind = ${ROW_OF_KIND[tipo]}`);
  return parts.length ? sql.join(parts, sql` and `) : sql`true`;
}

type Row = { kind: 'card' | 'term' | 'office'; ref: string; title: string; summary: string; topics: string[]; reviewed_at: string | null; snippet: string | null; total: number };

function toHit(r: Row): SearchHit {
  return {
    kind: KIND_OF_ROW[r.kind],
    ref: r.ref,
    url: urlFor(r.kind, r.ref),
    title: r.title,
    summary: r.summary,
    snippetHtml: headlineToHtml((r.snippet ?? r.summary).replace(/\s+/g, ' ').trim()),
    topics: r.topics ?? [],
    reviewedAt: r.reviewed_at,
  };
}

/**
 * Ranked full-text hits, in two steps so that a word found in thousands of cards stays cheap: every
 * match (found through the GIN index, rows never rechecked) is ranked on its small
 * title-and-summary vector; the best CANDIDATES are then ranked on the whole text (title A, summary
 * B, body C). Only the page shown gets a snippet. With fewer matches than CANDIDATES (the real
 * library) the order is exactly the full-text rank.
 *
 * Snippets highlight the words as typed (synonym markers are not in the text), or the whole query
 * when the typed words are all stop words ("SUI", "TU").
 */
async function runFullText(tsquery: string, highlight: string, needle: string, params: Filters, offset: number, typed: string[] = []): Promise<Row[]> {
  const db = await getDb();
  const weight = sql`case s.kind when 'card' then 1.0 else ${OTHER_WEIGHT}::real end`;
  const phrase = phrasePattern(typed);
  const groups = Math.max(1, typed.length);
  const result = await db.transaction(async (tx) => {
    // The planner cannot see that evaluating `tsv @@ query` row by row detoasts every tsvector: for
    // a common word a sequential scan looks cheaper than the GIN index, and is several times slower.
    await tx.execute(sql`set local enable_seqscan = off`);
    return tx.execute(sql`
      with q as materialized (
        select to_tsquery('italian'::regconfig, aula_unaccent(${tsquery})) as query,
               to_tsquery('italian'::regconfig, aula_unaccent(${highlight})) as typed
      ),
      candidates as (
        select s.id, s.title, s.kind, s.tsv, s.title_tsv, s.title_words, s.head_plain
        from q, library_search s
        where s.tsv @@ q.query and ${filters(params)}
        order by ts_rank('{0.1, 0.2, 0.4, 1.0}', s.tsv_head, q.query) * ${weight} desc, s.id
        limit ${CANDIDATES + 1}
      ),
      page as (
        select s.id, s.title,
               (ts_rank('{0.1, 0.2, 0.4, 1.0}', s.tsv, q.query)
                -- title_tsv, title_words and head_plain are generated columns (db/schema/library.ts).
                + case when s.kind = 'card' and s.title_tsv @@ q.query
                       then ${TITLE_BONUS}::real + ${COVERAGE_BONUS}::real * least(1.0, ${groups}::real / greatest(1, s.title_words))
                       else 0 end
                + case when s.kind = 'card' and ${phrase} <> '' and s.head_plain ~ ${phrase} then ${PHRASE_BONUS}::real else 0 end
               ) * ${weight} as rank,
               count(*) over () as total
        from q, candidates s
        order by rank desc, s.title, s.id
        limit ${PAGE_SIZE} offset ${offset}
      )
      select s.kind, s.ref, s.title, s.summary, s.topics, s.reviewed_at, p.total::int as total,
             ts_headline('italian'::regconfig, case when s.body = '' then s.summary else w.excerpt end,
                         case when numnode(q.typed) > 0 then q.typed else q.query end, ${HEADLINE_OPTIONS}) as snippet
      from q, page p
      join library_search s on s.id = p.id
      -- ts_headline parses and stems the whole text it is given: give it ~700 characters around the
      -- first occurrence of the typed word's first letters (whole words only) instead of the whole card.
      cross join lateral (select greatest(1, strpos(lower(s.body), ${needle}) - 200) as start) o
      cross join lateral (
        select regexp_replace(regexp_replace(substr(s.body, o.start, ${EXCERPT}),
                 case when o.start > 1 then '^\\S*\\s+' else '^' end, ''),
                 case when length(s.body) >= o.start + ${EXCERPT} then '\\s+\\S*$' else '$' end, '') as excerpt
      ) w
      order by p.rank desc, p.title, p.id`);
  });
  return rowsOf<Row>(result);
}

/** Browsing by filters alone (no words typed): cards first, then alphabetical. */
async function runBrowse(where: SQL, offset: number): Promise<Row[]> {
  const db = await getDb();
  const result = await db.execute(sql`
    select s.kind, s.ref, s.title, s.summary, s.topics, s.reviewed_at, null as snippet, (count(*) over ())::int as total
    from library_search s
    where ${where}
    order by case s.kind when 'card' then 0 when 'term' then 1 else 2 end, s.title
    limit ${PAGE_SIZE} offset ${offset}`);
  return rowsOf<Row>(result);
}

/** For each word, the most similar word of the indexed text (pg_trgm `%`: similarity of at least 0.3). */
async function corrections(words: string[]): Promise<Map<string, string>> {
  if (!words.length) return new Map();
  const db = await getDb();
  const result = await db.execute(sql`
    select t.word as typed,
           (select w.word from library_search_words w where w.word % t.word order by similarity(w.word, t.word) desc, w.word limit 1) as best
    from unnest(array[${sql.join(
      words.map((w) => sql`${w}`),
      sql`, `,
    )}]::text[]) as t(word)`);
  const out = new Map<string, string>();
  for (const r of rowsOf<{ typed: string; best: string | null }>(result)) if (r.best) out.set(r.typed, r.best);
  return out;
}

function rowsOf<T>(result: unknown): T[] {
  // postgres.js returns an array of rows; PGlite returns { rows }.
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

function outcome(rows: Row[], page: number, extra: { correctedTo: string | null; partial: boolean; browse: boolean }): SearchOutcome {
  const counted = rows[0]?.total ?? 0;
  const more = counted > CANDIDATES;
  const total = extra.browse ? counted : Math.min(counted, CANDIDATES);
  return { status: 'ok', results: rows.map(toHit), total, more, page, pages: Math.max(1, Math.min(MAX_PAGES, Math.ceil(total / PAGE_SIZE))), ...extra };
}

export const NO_TERMS_MESSAGE = 'La ricerca non contiene parole utili: scrivi almeno una parola di due lettere o cifre (per esempio «rinnovo permesso» o «C3»).';

/**
 * Searches the library. Full text first (all words, as prefixes, with synonyms); when that finds
 * nothing, words that look mistyped are replaced by the closest indexed word (pg_trgm), and as a
 * last resort any of the words may match.
 */
export async function searchLibrary(params: SearchParams): Promise<SearchOutcome> {
  const version = await indexVersion();
  if (version > cachedVersion) {
    resultCache.clear();
    cachedVersion = version;
  }
  const key = JSON.stringify([version, params.q, params.tema ?? '', params.ufficio ?? '', params.tipo ?? '', params.pagina]);
  const hit = resultCache.get(key);
  if (hit) {
    // Most recently used last: the oldest entry is the first to go.
    resultCache.delete(key);
    resultCache.set(key, hit);
    return hit;
  }
  // The same search already running (two operators, or a prefix sent twice) is answered once.
  let running = inFlight.get(key);
  if (!running) {
    running = searchLibraryUncached(params, version).finally(() => inFlight.delete(key));
    inFlight.set(key, running);
  }
  const result = await running;
  // Kept only under the version it was read for: a search that started before an import and ends
  // after another search saw the new version must not enter the new version's cache.
  if (version === cachedVersion && !resultCache.has(key)) {
    resultCache.set(key, result);
    if (resultCache.size > RESULT_CACHE_SIZE) resultCache.delete(resultCache.keys().next().value!);
  }
  return result;
}

/**
 * Search results cached per process under the index version (library_search_state), with the
 * version, the query and the filters as the key: operators type the same prefixes again and again
 * ("ric", "rico", "ricon"…), and a result only changes when an import rebuilds the index, which
 * raises the version checked before every search. Least recently used entries go first.
 */
const RESULT_CACHE_SIZE = 2000;
const resultCache = new Map<string, SearchOutcome>();
const inFlight = new Map<string, Promise<SearchOutcome>>();
let cachedVersion = -1;

const versionQuery = preparedQuery((db) =>
  db.select({ version: schema.librarySearchState.version }).from(schema.librarySearchState).where(eq(schema.librarySearchState.id, 1)).prepare('library_search_version'),
);

async function indexVersion(): Promise<number> {
  const [row] = await (await versionQuery()).execute();
  return row?.version ?? 0;
}

/**
 * The synonyms change only with an import, which rebuilds the index and raises its version (both in
 * the import's transaction): they are read once per version instead of once per search.
 */
let synonymCache: { version: number; index: ReturnType<typeof buildSynonymIndex> } | null = null;
async function synonymIndex(version: number | undefined) {
  if (version !== undefined && synonymCache?.version === version) return synonymCache.index;
  const index = buildSynonymIndex(await loadSynonyms());
  if (version !== undefined && version >= cachedVersion) synonymCache = { version, index };
  return index;
}

/** The search itself, without the result cache (searchLibrary caches it; the benchmark measures both). */
export async function searchLibraryUncached(params: SearchParams, version?: number): Promise<SearchOutcome> {
  const { q, pagina: page } = params;
  const offset = (page - 1) * PAGE_SIZE;
  if (!q) {
    if (!params.tema && !params.ufficio && !params.tipo) return { status: 'idle', results: [], total: 0 };
    return outcome(await runBrowse(filters(params), offset), page, { correctedTo: null, partial: false, browse: true });
  }
  const groups = planQuery(q, await synonymIndex(version));
  const tsquery = toTsquery(groups);
  if (!tsquery) return { status: 'no-terms', message: NO_TERMS_MESSAGE, results: [], total: 0 };

  const typedOnly = (gs: QueryGroup[]) =>
    toTsquery(
      gs.map((g) => ({ ...g, alternatives: g.alternatives.slice(0, 1) })),
      'or',
    );
  const typedWords = (gs: QueryGroup[]) => gs.flatMap((g) => g.alternatives[0] ?? []);
  const rows = await runFullText(tsquery, typedOnly(groups), needleOf(groups), params, offset, typedWords(groups));
  if (rows.length || page > 1) return outcome(rows, page, { correctedTo: null, partial: false, browse: false });

  // Typo tolerance: correct the words typed by hand that the index does not know.
  let current: QueryGroup[] = groups;
  let correctedTo: string | null = null;
  const candidates = groups.filter((g) => g.correctable).map((g) => compactKey(g.typed));
  if (candidates.length) {
    const fixed = correctGroups(groups, await corrections(candidates));
    if (fixed) {
      current = fixed;
      correctedTo = fixed.map((g) => g.typed).join(' ');
      const again = await runFullText(toTsquery(fixed), typedOnly(fixed), needleOf(fixed), params, offset, typedWords(fixed));
      if (again.length) return outcome(again, page, { correctedTo, partial: false, browse: false });
    }
  }
  if (current.length > 1) {
    const any = await runFullText(toTsquery(current, 'or'), typedOnly(current), needleOf(current), params, offset, typedWords(current));
    if (any.length) return outcome(any, page, { correctedTo, partial: true, browse: false });
  }
  return outcome([], page, { correctedTo: null, partial: false, browse: false });
}
