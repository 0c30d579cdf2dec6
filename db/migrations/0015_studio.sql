CREATE TABLE "studio_drafts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"document_id" uuid NOT NULL,
	"base_version_id" uuid,
	"source" text NOT NULL,
	"quiz_source" text DEFAULT '' NOT NULL,
	"state" text DEFAULT 'draft' NOT NULL,
	"revision" integer DEFAULT 1 NOT NULL,
	"scheduled_at" timestamp with time zone,
	"note" text DEFAULT '' NOT NULL,
	"law_summary" text,
	"author_id" uuid,
	"updated_by" uuid,
	"published_version_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "studio_version_notes" (
	"version_id" uuid PRIMARY KEY NOT NULL,
	"document_id" uuid NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"law_summary" text,
	"quiz_source" text,
	"restored_from_version_id" uuid,
	"draft_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "studio_drafts" ADD CONSTRAINT "studio_drafts_document_id_content_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."content_documents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "studio_drafts" ADD CONSTRAINT "studio_drafts_base_version_id_content_versions_id_fk" FOREIGN KEY ("base_version_id") REFERENCES "public"."content_versions"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "studio_drafts" ADD CONSTRAINT "studio_drafts_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "studio_drafts" ADD CONSTRAINT "studio_drafts_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "studio_drafts" ADD CONSTRAINT "studio_drafts_published_version_id_content_versions_id_fk" FOREIGN KEY ("published_version_id") REFERENCES "public"."content_versions"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "studio_version_notes" ADD CONSTRAINT "studio_version_notes_version_id_content_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."content_versions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "studio_version_notes" ADD CONSTRAINT "studio_version_notes_document_id_content_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."content_documents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "studio_version_notes" ADD CONSTRAINT "studio_version_notes_restored_from_version_id_content_versions_id_fk" FOREIGN KEY ("restored_from_version_id") REFERENCES "public"."content_versions"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "studio_version_notes" ADD CONSTRAINT "studio_version_notes_draft_id_studio_drafts_id_fk" FOREIGN KEY ("draft_id") REFERENCES "public"."studio_drafts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "studio_drafts_document_idx" ON "studio_drafts" USING btree ("document_id","state");--> statement-breakpoint
CREATE INDEX "studio_drafts_scheduled_idx" ON "studio_drafts" USING btree ("state","scheduled_at");--> statement-breakpoint
CREATE UNIQUE INDEX "studio_drafts_open_idx" ON "studio_drafts" USING btree ("document_id") WHERE state in ('draft', 'scheduled');--> statement-breakpoint
CREATE INDEX "studio_version_notes_doc_idx" ON "studio_version_notes" USING btree ("document_id");--> statement-breakpoint
CREATE UNIQUE INDEX "studio_version_notes_draft_idx" ON "studio_version_notes" USING btree ("draft_id");