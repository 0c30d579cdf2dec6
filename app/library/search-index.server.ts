/**
 * Rebuilds the library search index (library_search, library_search_words) from what the import
 * stored: the current version of every library card, the glossary, the offices and the synonyms.
 * Called inside the import transaction, so searches never see a half-built index.
 */
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '~/utils/db.server';

/** The private-use markers of ts_headline (search.server.ts) are removed from the indexed text. */
const clean = (expr: ReturnType<typeof sql>) => sql`translate(${expr}, chr(57344) || chr(57345), '')`;

/**
 * The marker word of an abbreviation ("PdS" → "zzpdszz"), in SQL; search-query.ts builds the same
 * word in TypeScript (markerFor). Letters and digits only, wrapped in "zz" so that no stemmer
 * shortens it and no Italian word is one.
 */
const MARKER_SQL = sql`'zz' || regexp_replace(lower(aula_unaccent(y.abbr)), '[^a-z0-9]', '', 'g') || 'zz'`;

export async function rebuildLibrarySearch(tx: DbOrTx): Promise<{ documents: number; words: number }> {
  // TRUNCATE (transactional) leaves no dead rows behind, and serialises concurrent rebuilds.
  await tx.execute(sql`truncate library_search, library_search_words`);
  // A new index version: every process drops the search results it cached for the old one.
  await tx.execute(sql`insert into library_search_state (id, version) values (1, 1) on conflict (id) do update set version = library_search_state.version + 1`);
  await tx.execute(sql`
    insert into library_search (id, kind, ref, title, summary, body, topics, office_kinds, reviewed_at, title_markers, text_markers)
    with src as (
      select 'card:' || d.slug as id, 'card' as kind, d.slug as ref,
             ${clean(sql`coalesce(v.frontmatter->>'title', d.slug)`)} as title,
             ${clean(sql`coalesce(v.frontmatter->>'summary', '')`)} as summary,
             ${clean(sql`regexp_replace(v.plain_text, '[ ]*\\([ ]*\\)', '', 'g') || ' ' || coalesce((select string_agg(x, '. ') from jsonb_array_elements_text(v.frontmatter->'legalBasis') x), '')`)} as body,
             coalesce(array(select jsonb_array_elements_text(v.frontmatter->'topics')), '{}') as topics,
             coalesce(array(select jsonb_array_elements_text(v.frontmatter->'offices')), '{}') as office_kinds,
             v.frontmatter->>'reviewedAt' as reviewed_at
      from content_documents d
      join content_versions v on v.id = d.current_version_id
      where d.kind = 'library_card' and d.scope = 'library' and d.position >= 0
      union all
      select 'term:' || g.id, 'term', g.id,
             ${clean(sql`g.term`)},
             ${clean(sql`coalesce(g.expansion, '')`)},
             ${clean(sql`concat_ws(' ', g.definition, nullif((select string_agg(a, ', ') from jsonb_array_elements_text(g.aliases) a), ''), g.source)`)},
             '{}', '{}', null
      from glossary_terms g
      union all
      select 'office:' || o.id, 'office', o.id,
             ${clean(sql`o.name`)},
             ${clean(sql`concat_ws(' · ', nullif(o.data->>'address', 'da verificare'), nullif(o.data->>'hours', 'da verificare'))`)},
             ${clean(sql`concat_ws('. ',
               (select string_agg(x, '. ') from jsonb_array_elements_text(coalesce(o.data->'services', '[]')) x),
               'Lingue: ' || (select string_agg(x, ', ') from jsonb_array_elements_text(coalesce(o.data->'languages', '[]')) x),
               nullif(o.data->>'phone', 'da verificare'),
               o.data->>'email')`)},
             '{}', array[o.kind], null
      from offices o
    ),
    -- Abbreviations as written (case-sensitive, whole words: "SUI", never the preposition "sui";
    -- a final dot is ignored, so "D.Lgs." and "Reg." match), and their expansions as phrases of
    -- the unaccented, lower-case text (any case, accents ignored, whole words in a row).
    a as (
      select ${MARKER_SQL} as marker, rtrim(y.abbr, '.') as token from synonyms y
    ),
    e as (
      select ${MARKER_SQL} as marker, phraseto_tsquery('simple'::regconfig, lower(aula_unaccent(x))) as phrase
      from synonyms y, jsonb_array_elements_text(y.expands) x
    ),
    t as materialized (
      select src.*,
             to_tsvector('simple'::regconfig, lower(aula_unaccent(src.title))) as title_v,
             to_tsvector('simple'::regconfig, lower(aula_unaccent(src.summary || ' ' || src.body))) as text_v
      from src
    )
    select t.id, t.kind, t.ref, t.title, t.summary, t.body, t.topics, t.office_kinds, t.reviewed_at,
           coalesce((select string_agg(distinct m.marker, ' ') from (
             select a.marker from regexp_split_to_table(t.title, '[^[:alnum:].]+') w join a on a.token = rtrim(w, '.')
             union all
             select e.marker from e where numnode(e.phrase) > 0 and t.title_v @@ e.phrase) m), ''),
           coalesce((select string_agg(distinct m.marker, ' ') from (
             select a.marker from regexp_split_to_table(t.summary || ' ' || t.body, '[^[:alnum:].]+') w join a on a.token = rtrim(w, '.')
             union all
             select e.marker from e where numnode(e.phrase) > 0 and t.text_v @@ e.phrase) m), '')
    from t`);
  // The vocabulary for typo correction: unaccented words of at least 3 letters.
  await tx.execute(sql`
    insert into library_search_words (word)
    select word from ts_stat('select to_tsvector(''simple''::regconfig, aula_unaccent(title || '' '' || summary || '' '' || body)) from library_search')
    where length(word) between 3 and 40 and word ~ '^[a-z]+$'`);
  // Fresh statistics, so the planner uses the GIN index from the first search on.
  await tx.execute(sql`analyze library_search`);
  await tx.execute(sql`analyze library_search_words`);
  const [counts] = rowsOf<{ documents: number; words: number }>(
    await tx.execute(sql`select (select count(*) from library_search)::int as documents, (select count(*) from library_search_words)::int as words`),
  );
  return counts ?? { documents: 0, words: 0 };
}

function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}
