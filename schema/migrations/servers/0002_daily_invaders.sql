CREATE TABLE "servers"."lifecycle_leases" (
	"name" text PRIMARY KEY NOT NULL,
	"holder" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "servers"."server_logs" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"server_id" uuid NOT NULL,
	"stream" text NOT NULL,
	"line" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "servers"."servers" ADD COLUMN "desired_state" text DEFAULT 'stopped' NOT NULL;--> statement-breakpoint
ALTER TABLE "servers"."servers" ADD COLUMN "runtime" text;--> statement-breakpoint
ALTER TABLE "servers"."servers" ADD COLUMN "instance_id" text;--> statement-breakpoint
ALTER TABLE "servers"."servers" ADD COLUMN "started_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "servers"."servers" ADD COLUMN "stopped_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "servers"."servers" ADD COLUMN "last_health_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "servers"."servers" ADD COLUMN "restart_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "servers"."servers" ADD COLUMN "tools" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "servers"."servers" ADD COLUMN "tools_updated_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "servers"."server_logs" ADD CONSTRAINT "server_logs_server_id_servers_id_fk" FOREIGN KEY ("server_id") REFERENCES "servers"."servers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "server_logs_server_idx" ON "servers"."server_logs" USING btree ("server_id","id");--> statement-breakpoint
UPDATE "servers"."servers" SET "status" = 'failed' WHERE "status" = 'error';
