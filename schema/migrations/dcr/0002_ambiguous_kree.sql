ALTER TABLE "dcr"."oauth_clients" ADD COLUMN "response_types" jsonb DEFAULT '["code"]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "dcr"."oauth_clients" ADD COLUMN "token_endpoint_auth_method" text DEFAULT 'client_secret_basic' NOT NULL;--> statement-breakpoint
ALTER TABLE "dcr"."oauth_clients" ADD COLUMN "application_type" text DEFAULT 'web' NOT NULL;--> statement-breakpoint
ALTER TABLE "dcr"."oauth_clients" ADD COLUMN "client_uri" text;--> statement-breakpoint
ALTER TABLE "dcr"."oauth_clients" ADD COLUMN "logo_uri" text;--> statement-breakpoint
ALTER TABLE "dcr"."oauth_clients" ADD COLUMN "policy_uri" text;--> statement-breakpoint
ALTER TABLE "dcr"."oauth_clients" ADD COLUMN "tos_uri" text;--> statement-breakpoint
ALTER TABLE "dcr"."oauth_clients" ADD COLUMN "scope" text;--> statement-breakpoint
ALTER TABLE "dcr"."oauth_clients" ADD COLUMN "software_id" text;--> statement-breakpoint
ALTER TABLE "dcr"."oauth_clients" ADD COLUMN "software_version" text;--> statement-breakpoint
ALTER TABLE "dcr"."oauth_clients" ADD COLUMN "client_secret_hash" text;--> statement-breakpoint
ALTER TABLE "dcr"."oauth_clients" ADD COLUMN "registration_access_token_hash" text;--> statement-breakpoint
ALTER TABLE "dcr"."oauth_clients" ADD COLUMN "created_by" text;--> statement-breakpoint
ALTER TABLE "dcr"."oauth_clients" ADD COLUMN "source_address" text;--> statement-breakpoint
ALTER TABLE "dcr"."oauth_clients" ADD COLUMN "updated_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "dcr"."oauth_clients" ADD COLUMN "last_used_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "oauth_clients_source_address" ON "dcr"."oauth_clients" USING btree ("source_address");