CREATE SCHEMA "config";
--> statement-breakpoint
CREATE TABLE "config"."server_config" (
	"server_id" uuid NOT NULL,
	"key" text NOT NULL,
	"value" jsonb NOT NULL,
	"updated_by" uuid NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "server_config_server_id_key_pk" PRIMARY KEY("server_id","key")
);
