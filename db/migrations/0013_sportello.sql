ALTER TYPE "public"."role" ADD VALUE 'operatore';--> statement-breakpoint
CREATE TABLE "consultations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"sportello_id" text NOT NULL,
	"operator_id" uuid,
	"occurred_at" timestamp with time zone NOT NULL,
	"topics" text[] DEFAULT '{}'::text[] NOT NULL,
	"cards" text[] DEFAULT '{}'::text[] NOT NULL,
	"outcome" text NOT NULL,
	"referred_office_id" text,
	"mediation" boolean DEFAULT false NOT NULL,
	"mediation_language" text,
	"nationality" text,
	"sex" text,
	"age_band" text,
	"first_visit" boolean,
	"follow_up_code" text,
	"note" text,
	"form_token" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "consultations_note_len" CHECK (char_length("consultations"."note") <= 500),
	CONSTRAINT "consultations_referral" CHECK (("consultations"."outcome" = 'inviato') = ("consultations"."referred_office_id" is not null))
);
--> statement-breakpoint
CREATE TABLE "sportelli" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"organisation_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "consultations" ADD CONSTRAINT "consultations_sportello_id_sportelli_id_fk" FOREIGN KEY ("sportello_id") REFERENCES "public"."sportelli"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consultations" ADD CONSTRAINT "consultations_operator_id_users_id_fk" FOREIGN KEY ("operator_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sportelli" ADD CONSTRAINT "sportelli_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "consultations_form_token_idx" ON "consultations" USING btree ("form_token");--> statement-breakpoint
CREATE INDEX "consultations_sportello_time_idx" ON "consultations" USING btree ("sportello_id","occurred_at");--> statement-breakpoint
CREATE INDEX "consultations_operator_time_idx" ON "consultations" USING btree ("operator_id","occurred_at");--> statement-breakpoint
CREATE INDEX "consultations_time_idx" ON "consultations" USING btree ("occurred_at");