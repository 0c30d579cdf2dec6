import { jsonb, pgTable, text } from 'drizzle-orm/pg-core';

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
  data: jsonb('data').notNull(),
});

export const synonyms = pgTable('synonyms', {
  abbr: text('abbr').primaryKey(),
  expands: jsonb('expands').$type<string[]>().notNull(),
});
