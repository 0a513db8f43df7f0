CREATE TABLE "config"."server_secrets" (
	"server_id" uuid NOT NULL,
	"name" text NOT NULL,
	"sealed_value" text NOT NULL,
	"updated_by" uuid NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "server_secrets_server_id_name_pk" PRIMARY KEY("server_id","name")
);
