CREATE TABLE "update_assignments" (
	"user_id" uuid NOT NULL,
	"document_id" uuid NOT NULL,
	"version_id" uuid NOT NULL,
	"due_on" date NOT NULL,
	"assigned_by" uuid,
	"assigned_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "update_assignments_user_id_version_id_pk" PRIMARY KEY("user_id","version_id")
);
--> statement-breakpoint
ALTER TABLE "update_assignments" ADD CONSTRAINT "update_assignments_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "update_assignments" ADD CONSTRAINT "update_assignments_document_id_content_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."content_documents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "update_assignments" ADD CONSTRAINT "update_assignments_version_id_content_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."content_versions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "update_assignments" ADD CONSTRAINT "update_assignments_assigned_by_users_id_fk" FOREIGN KEY ("assigned_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "update_assignments_version_idx" ON "update_assignments" USING btree ("version_id");--> statement-breakpoint
CREATE INDEX "update_assignments_document_idx" ON "update_assignments" USING btree ("document_id","user_id");