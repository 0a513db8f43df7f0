CREATE TABLE "dcr"."upstream_oauth_clients" (
	"issuer" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"redirect_uri" text NOT NULL,
	"sealed_client_information" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dcr"."upstream_oauth_connections" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"server_id" text NOT NULL,
	"principal_key" text NOT NULL,
	"user_id" text,
	"server_url" text NOT NULL,
	"issuer" text,
	"status" text NOT NULL,
	"scopes" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"expires_at" timestamp with time zone,
	"last_error" text,
	"authorized_by" text,
	"sealed_tokens" text,
	"discovery" jsonb,
	"step_ups" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dcr"."upstream_oauth_states" (
	"state_hash" text PRIMARY KEY NOT NULL,
	"connection_id" uuid NOT NULL,
	"user_id" text NOT NULL,
	"issuer" text NOT NULL,
	"sealed_code_verifier" text NOT NULL,
	"redirect_uri" text NOT NULL,
	"resource" text,
	"scopes" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"discovery" jsonb NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "dcr"."upstream_oauth_states" ADD CONSTRAINT "upstream_oauth_states_connection_id_upstream_oauth_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "dcr"."upstream_oauth_connections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "upstream_oauth_connections_server_principal" ON "dcr"."upstream_oauth_connections" USING btree ("server_id","principal_key");--> statement-breakpoint
CREATE INDEX "upstream_oauth_connections_user" ON "dcr"."upstream_oauth_connections" USING btree ("user_id");