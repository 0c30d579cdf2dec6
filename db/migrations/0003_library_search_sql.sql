-- Extensions and the immutable unaccent wrapper used by the library search (issue 5).
-- unaccent and pg_trgm are trusted extensions (PostgreSQL 13+), and the embedded PGlite loads both
-- (app/utils/db.server.ts). unaccent() itself is only STABLE (it looks its dictionary up through
-- search_path), so generated columns and indexes use this IMMUTABLE wrapper, which names the
-- dictionary explicitly.
CREATE EXTENSION IF NOT EXISTS unaccent;
--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION aula_unaccent(text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$;
