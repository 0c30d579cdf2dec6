import { sql } from 'drizzle-orm';
import { bigint, customType, index, integer, jsonb, pgTable, smallint, text } from 'drizzle-orm/pg-core';
import type { Office } from '~/content/stored';

export const glossaryTerms = pgTable('glossary_terms', {
  id: text('id').primaryKey(),
  term: text('term').notNull(),
  expansion: text('expansion'),
  definition: text('definition').notNull(),
  source: text('source'),
  aliases: jsonb('aliases').$type<string[]>().notNull().default([]),
});

export const offices = pgTable('offices', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  kind: text('kind').notNull(),
  /** the validated entry from offices.yaml (address, hours, phone, services, languages, unverified fields) */
  data: jsonb('data').$type<Office>().notNull(),
});

export const synonyms = pgTable('synonyms', {
  abbr: text('abbr').primaryKey(),
  expands: jsonb('expands').$type<string[]>().notNull(),
});

const tsvector = customType<{ data: string; driverData: string }>({
  dataType() {
    return 'tsvector';
  },
});

/**
 * The library search index: one row per card, glossary term and office, rebuilt from the imported
 * content inside the import transaction (app/library/search-index.server.ts). Italian configuration
 * on unaccented text (`aula_unaccent`, the immutable wrapper of migration 0003); title (A) above
 * summary (B) above body (C).
 *
 * Abbreviations: wherever a text writes an abbreviation of content/library/synonyms.yaml ("SUI",
 * case-sensitive) or one of its expansions ("sportello unico per l'immigrazione"), the rebuild adds
 * the abbreviation's marker word (`zzsuizz`) to `title_markers` or `text_markers`. A query for the
 * abbreviation or any expansion then matches the marker: no phrase search at query time (so the GIN
 * index answers without rechecking rows), and "sui"/"tu", Italian stop words, still work.
 */
export const librarySearch = pgTable(
  'library_search',
  {
    /** `card:<slug>`, `term:<id>`, `office:<id>` */
    id: text('id').primaryKey(),
    kind: text('kind', { enum: ['card', 'term', 'office'] }).notNull(),
    ref: text('ref').notNull(),
    title: text('title').notNull(),
    summary: text('summary').notNull().default(''),
    body: text('body').notNull().default(''),
    topics: text('topics')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    officeKinds: text('office_kinds')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    reviewedAt: text('reviewed_at'),
    titleMarkers: text('title_markers').notNull().default(''),
    textMarkers: text('text_markers').notNull().default(''),
    /** everything: what a query must match (GIN), and the final ranking of the best candidates */
    tsv: tsvector('tsv')
      .notNull()
      .generatedAlwaysAs(
        sql`setweight(to_tsvector('italian'::regconfig, aula_unaccent(title || ' ' || title_markers)), 'A') || setweight(to_tsvector('italian'::regconfig, aula_unaccent(summary)), 'B') || setweight(to_tsvector('italian'::regconfig, aula_unaccent(body || ' ' || text_markers)), 'C')`,
      ),
    /** title and summary only: small, so every match can be ranked on it cheaply */
    tsvHead: tsvector('tsv_head')
      .notNull()
      .generatedAlwaysAs(
        sql`setweight(to_tsvector('italian'::regconfig, aula_unaccent(title || ' ' || title_markers)), 'A') || setweight(to_tsvector('italian'::regconfig, aula_unaccent(summary)), 'B')`,
      ),
    /**
     * The ranking signals of search.server.ts that depend on the row alone, computed once when the
     * index is built instead of for the 100 candidates of every search (issue 18): the title with
     * its abbreviations (does it hold every typed word?), the title's word count (how much of it do
     * they cover?) and the unaccented lower-case title and summary (do the words come as a phrase?).
     */
    titleTsv: tsvector('title_tsv')
      .notNull()
      .generatedAlwaysAs(sql`to_tsvector('italian'::regconfig, aula_unaccent(title || ' ' || title_markers))`),
    titleWords: integer('title_words')
      .notNull()
      .generatedAlwaysAs(sql`length(to_tsvector('italian'::regconfig, aula_unaccent(title)))`),
    headPlain: text('head_plain')
      .notNull()
      .generatedAlwaysAs(sql`lower(aula_unaccent(title || ' ' || summary))`),
  },
  (t) => [index('library_search_tsv_idx').using('gin', t.tsv)],
);

/** Distinct unaccented words of the indexed text: typo correction through pg_trgm similarity. */
export const librarySearchWords = pgTable(
  'library_search_words',
  {
    word: text('word').primaryKey(),
  },
  (t) => [index('library_search_words_trgm_idx').using('gin', t.word.op('gin_trgm_ops'))],
);

/**
 * One row: the version of the search index, raised by every rebuild (in the import's transaction).
 * Each server process caches search results under this version, so a result is never older than
 * the index it came from.
 */
export const librarySearchState = pgTable('library_search_state', {
  id: smallint('id').primaryKey().default(1),
  version: bigint('version', { mode: 'number' }).notNull(),
});
