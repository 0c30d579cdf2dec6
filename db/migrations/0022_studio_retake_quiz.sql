ALTER TABLE "studio_drafts" ADD COLUMN "retake_quiz" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "studio_version_notes" ADD COLUMN "retake_quiz" boolean DEFAULT false NOT NULL;