CREATE TABLE "library_search" (
	"id" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"ref" text NOT NULL,
	"title" text NOT NULL,
	"summary" text DEFAULT '' NOT NULL,
	"body" text DEFAULT '' NOT NULL,
	"topics" text[] DEFAULT '{}'::text[] NOT NULL,
	"office_kinds" text[] DEFAULT '{}'::text[] NOT NULL,
	"reviewed_at" text,
	"title_markers" text DEFAULT '' NOT NULL,
	"text_markers" text DEFAULT '' NOT NULL,
	"tsv" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('italian'::regconfig, aula_unaccent(title || ' ' || title_markers)), 'A') || setweight(to_tsvector('italian'::regconfig, aula_unaccent(summary)), 'B') || setweight(to_tsvector('italian'::regconfig, aula_unaccent(body || ' ' || text_markers)), 'C')) STORED NOT NULL,
	"tsv_head" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('italian'::regconfig, aula_unaccent(title || ' ' || title_markers)), 'A') || setweight(to_tsvector('italian'::regconfig, aula_unaccent(summary)), 'B')) STORED NOT NULL
);
--> statement-breakpoint
CREATE TABLE "library_search_words" (
	"word" text PRIMARY KEY NOT NULL
);
--> statement-breakpoint
CREATE INDEX "library_search_tsv_idx" ON "library_search" USING gin ("tsv");--> statement-breakpoint
CREATE INDEX "library_search_words_trgm_idx" ON "library_search_words" USING gin ("word" gin_trgm_ops);