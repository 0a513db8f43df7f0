CREATE TABLE "servers"."tool_policies" (
	"server_id" uuid NOT NULL,
	"tool" text NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"min_role" text DEFAULT 'operator' NOT NULL,
	"updated_by" uuid NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tool_policies_server_id_tool_pk" PRIMARY KEY("server_id","tool")
);
--> statement-breakpoint
ALTER TABLE "servers"."tool_policies" ADD CONSTRAINT "tool_policies_server_id_servers_id_fk" FOREIGN KEY ("server_id") REFERENCES "servers"."servers"("id") ON DELETE cascade ON UPDATE no action;