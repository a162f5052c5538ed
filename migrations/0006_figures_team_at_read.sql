DROP INDEX "figure_durations_team_idx";--> statement-breakpoint
ALTER TABLE "figure_requests" ADD COLUMN "category_id" uuid;--> statement-breakpoint
-- Teams are joined where the figures are read: what was counted per team is kept per category.
UPDATE "figure_requests" f SET "category_id" = r."category_id" FROM "requests" r WHERE r."id" = f."request_id";--> statement-breakpoint
ALTER TABLE "figure_requests" ALTER COLUMN "category_id" SET NOT NULL;--> statement-breakpoint
DELETE FROM "figure_days" WHERE "kind" = 'team';--> statement-breakpoint
INSERT INTO "figure_days" ("day", "kind", "group_id", "differentiated", "competitive", "commoditized")
SELECT ("closed_at" AT TIME ZONE 'UTC')::date, 'category', "category_id",
  count(*) FILTER (WHERE "level" = 'differentiated'), count(*) FILTER (WHERE "level" = 'competitive'),
  count(*) FILTER (WHERE "level" = 'commoditized')
FROM "figure_requests" GROUP BY 1, 3;--> statement-breakpoint
DELETE FROM "figure_weeks" WHERE "kind" = 'team';--> statement-breakpoint
DELETE FROM "figure_week_buckets" WHERE "kind" = 'team';--> statement-breakpoint
-- Also drops the indexes that carry the column (team bucket, and the covering one, made again below).
ALTER TABLE "figure_durations" DROP COLUMN "team_id";--> statement-breakpoint
ALTER TABLE "figure_requests" DROP COLUMN "team_id";--> statement-breakpoint
-- drizzle-kit cannot spell INCLUDE: partial weeks at a range's edges read this index-only.
CREATE INDEX IF NOT EXISTS "figure_durations_ended_idx" ON "figure_durations" USING btree ("measure", "ended_at")
  INCLUDE ("hours", "category_id", "owner_id", "location_id");
