CREATE TABLE "figure_queue" (
	"event_id" bigint PRIMARY KEY NOT NULL,
	"request_id" uuid NOT NULL,
	"queued_at" timestamp with time zone DEFAULT now() NOT NULL
);
