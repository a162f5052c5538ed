-- The count arrays are read by key, never searched: statistics on their elements would only
-- make every ANALYZE of the figure tables (each rebuild, autovacuum) several times longer.
ALTER TABLE "figure_weeks" ALTER COLUMN "hist" SET STATISTICS 0;--> statement-breakpoint
ALTER TABLE "figure_weeks" ALTER COLUMN "cum" SET STATISTICS 0;--> statement-breakpoint
ALTER TABLE "figure_week_buckets" ALTER COLUMN "hist" SET STATISTICS 0;--> statement-breakpoint
ALTER TABLE "figure_week_buckets" ALTER COLUMN "cum" SET STATISTICS 0;
