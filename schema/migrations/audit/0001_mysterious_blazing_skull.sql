DROP INDEX "audit"."events_action_idx";--> statement-breakpoint
CREATE INDEX "events_action_occurred_at_idx" ON "audit"."events" USING btree ("action","occurred_at" DESC NULLS LAST);