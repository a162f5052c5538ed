CREATE TABLE "figure_request_events" (
	"request_id" uuid NOT NULL,
	"day" date NOT NULL,
	"confirmed" integer NOT NULL,
	"closings" integer NOT NULL,
	"rated" integer NOT NULL,
	"rating_sum" integer NOT NULL,
	"handoffs_done" integer NOT NULL,
	"handoffs_on_time" integer NOT NULL,
	CONSTRAINT "figure_request_events_request_id_day_pk" PRIMARY KEY("request_id","day")
);
--> statement-breakpoint
ALTER TABLE "figure_request_events" ADD CONSTRAINT "figure_request_events_request_id_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."requests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- Each request's share of the event counters, from the record; the counters are then its sums.
INSERT INTO "figure_request_events"
SELECT e.request_id, c.day, sum(c.confirmed)::int, sum(c.closings)::int, sum(c.rated)::int,
  sum(c.rating_sum)::int, sum(c.handoffs_done)::int, sum(c.handoffs_on_time)::int
FROM "events" e CROSS JOIN LATERAL figure_event_counts(e) c
WHERE e.type IN ('confirmed', 'auto_confirmed', 'handoff_completed')
GROUP BY 1, 2;--> statement-breakpoint
UPDATE "figure_days" SET "confirmed" = 0, "closings" = 0, "rated" = 0, "rating_sum" = 0,
  "handoffs_done" = 0, "handoffs_on_time" = 0 WHERE "kind" = 'none';--> statement-breakpoint
INSERT INTO "figure_days" AS d ("day", "kind", "group_id", "confirmed", "closings", "rated", "rating_sum", "handoffs_done", "handoffs_on_time")
SELECT f.day, 'none', NULL, sum(f.confirmed), sum(f.closings), sum(f.rated), sum(f.rating_sum),
  sum(f.handoffs_done), sum(f.handoffs_on_time)
FROM "figure_request_events" f GROUP BY f.day
ON CONFLICT ("kind", "group_id", "day") DO UPDATE SET "confirmed" = excluded."confirmed",
  "closings" = excluded."closings", "rated" = excluded."rated", "rating_sum" = excluded."rating_sum",
  "handoffs_done" = excluded."handoffs_done", "handoffs_on_time" = excluded."handoffs_on_time";
