CREATE SCHEMA "servers";
--> statement-breakpoint
CREATE TABLE "servers"."servers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"catalog_name" text NOT NULL,
	"status" text DEFAULT 'stopped' NOT NULL,
	"last_error" text,
	"enabled_by" uuid NOT NULL,
	"enabled_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "servers_catalog_name_unique" UNIQUE("catalog_name")
);
