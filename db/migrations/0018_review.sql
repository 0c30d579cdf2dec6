ALTER TYPE "public"."role" ADD VALUE 'revisore';--> statement-breakpoint
CREATE TABLE "studio_draft_authors" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"draft_id" uuid NOT NULL,
	"user_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "studio_review_comments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"draft_id" uuid NOT NULL,
	"revision" integer NOT NULL,
	"author_id" uuid,
	"from_line" integer NOT NULL,
	"to_line" integer NOT NULL,
	"excerpt" text NOT NULL,
	"body" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "studio_reviews" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"draft_id" uuid NOT NULL,
	"revision" integer NOT NULL,
	"reviewer_id" uuid,
	"decision" text NOT NULL,
	"message" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
DROP INDEX "studio_drafts_open_idx";--> statement-breakpoint
ALTER TABLE "studio_drafts" ADD COLUMN "approved_revision" integer;--> statement-breakpoint
ALTER TABLE "studio_drafts" ADD COLUMN "approved_by" uuid;--> statement-breakpoint
ALTER TABLE "studio_drafts" ADD COLUMN "approved_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "studio_drafts" ADD COLUMN "submitted_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "studio_draft_authors" ADD CONSTRAINT "studio_draft_authors_draft_id_studio_drafts_id_fk" FOREIGN KEY ("draft_id") REFERENCES "public"."studio_drafts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "studio_draft_authors" ADD CONSTRAINT "studio_draft_authors_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "studio_review_comments" ADD CONSTRAINT "studio_review_comments_draft_id_studio_drafts_id_fk" FOREIGN KEY ("draft_id") REFERENCES "public"."studio_drafts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "studio_review_comments" ADD CONSTRAINT "studio_review_comments_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "studio_reviews" ADD CONSTRAINT "studio_reviews_draft_id_studio_drafts_id_fk" FOREIGN KEY ("draft_id") REFERENCES "public"."studio_drafts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "studio_reviews" ADD CONSTRAINT "studio_reviews_reviewer_id_users_id_fk" FOREIGN KEY ("reviewer_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "studio_draft_authors_idx" ON "studio_draft_authors" USING btree ("draft_id","user_id");--> statement-breakpoint
CREATE INDEX "studio_review_comments_draft_idx" ON "studio_review_comments" USING btree ("draft_id","created_at");--> statement-breakpoint
CREATE INDEX "studio_reviews_draft_idx" ON "studio_reviews" USING btree ("draft_id","created_at");--> statement-breakpoint
ALTER TABLE "studio_drafts" ADD CONSTRAINT "studio_drafts_approved_by_users_id_fk" FOREIGN KEY ("approved_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "studio_drafts_open_idx" ON "studio_drafts" USING btree ("document_id") WHERE state in ('draft', 'in_review', 'changes_requested', 'approved', 'scheduled');