CREATE TABLE "certificate_revocations" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"status_index" integer NOT NULL,
	"reason" text NOT NULL,
	"revoked_at" text NOT NULL,
	"actor_id" uuid,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL,
	"key_id" text NOT NULL,
	"signature" text NOT NULL,
	CONSTRAINT "certificate_revocations_code_unique" UNIQUE("code"),
	CONSTRAINT "certificate_revocations_hash_unique" UNIQUE("hash")
);
--> statement-breakpoint
ALTER TABLE "certificates" ADD COLUMN "status_index" serial NOT NULL;--> statement-breakpoint
ALTER TABLE "certificate_revocations" ADD CONSTRAINT "certificate_revocations_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "certificates_status_index_idx" ON "certificates" USING btree ("status_index");