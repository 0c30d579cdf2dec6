ALTER TYPE "public"."organisation_kind" ADD VALUE 'rete';--> statement-breakpoint
ALTER TABLE "memberships" ADD COLUMN "job_title" text;--> statement-breakpoint
ALTER TABLE "memberships" ADD COLUMN "valid_from" date;--> statement-breakpoint
ALTER TABLE "memberships" ADD COLUMN "valid_to" date;--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "parent_id" uuid;--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "ipa_code" text;--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "yearly_hours_target" integer;--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "retired_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "organisations" ADD CONSTRAINT "organisations_parent_id_organisations_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."organisations"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "memberships_org_idx" ON "memberships" USING btree ("organisation_id");--> statement-breakpoint
CREATE INDEX "organisations_parent_idx" ON "organisations" USING btree ("parent_id");--> statement-breakpoint
CREATE UNIQUE INDEX "organisations_ipa_idx" ON "organisations" USING btree ("ipa_code");