CREATE TABLE "executor"."execution_output" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"execution_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"stream" text NOT NULL,
	"text" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "executor"."executions" ADD COLUMN "arguments" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "executor"."executions" ADD COLUMN "message" text;--> statement-breakpoint
ALTER TABLE "executor"."executions" ADD COLUMN "running_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "executor"."executions" ADD COLUMN "output_bytes" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "executor"."executions" ADD COLUMN "output_lines" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "executor"."executions" ADD COLUMN "output_truncated" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "executor"."executions" ADD COLUMN "heartbeat_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "executor"."execution_output" ADD CONSTRAINT "execution_output_execution_id_executions_id_fk" FOREIGN KEY ("execution_id") REFERENCES "executor"."executions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "execution_output_execution_idx" ON "executor"."execution_output" USING btree ("execution_id","seq");--> statement-breakpoint
CREATE INDEX "executions_started_at_idx" ON "executor"."executions" USING btree ("started_at","id");--> statement-breakpoint
CREATE INDEX "executions_started_by_idx" ON "executor"."executions" USING btree ("started_by","started_at");