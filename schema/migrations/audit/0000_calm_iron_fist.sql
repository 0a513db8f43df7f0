CREATE SCHEMA "audit";
--> statement-breakpoint
CREATE TABLE "audit"."events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"occurred_at" timestamp (6) with time zone DEFAULT now() NOT NULL,
	"actor_id" uuid,
	"actor_email" text,
	"action" text NOT NULL,
	"target_type" text NOT NULL,
	"target_id" text,
	"outcome" text NOT NULL,
	"detail" jsonb,
	"request_id" text,
	"source_ip" text,
	"subgraph" text NOT NULL
);
--> statement-breakpoint
CREATE INDEX "events_occurred_at_idx" ON "audit"."events" USING btree ("occurred_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "events_actor_idx" ON "audit"."events" USING btree ("actor_id");--> statement-breakpoint
CREATE INDEX "events_action_idx" ON "audit"."events" USING btree ("action");