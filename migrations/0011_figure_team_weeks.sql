CREATE TABLE "figure_team_sets" (
	"categories" uuid[] PRIMARY KEY NOT NULL
);
--> statement-breakpoint
CREATE TABLE "figure_team_weeks" (
	"categories" uuid[] NOT NULL,
	"measure" text NOT NULL,
	"week" date NOT NULL,
	"n" integer NOT NULL,
	"median" double precision NOT NULL,
	"p90" double precision NOT NULL,
	CONSTRAINT "figure_team_weeks_categories_measure_week_pk" PRIMARY KEY("categories","measure","week")
);
--> statement-breakpoint
ALTER TABLE "figure_team_weeks" ADD CONSTRAINT "figure_team_weeks_categories_figure_team_sets_categories_fk" FOREIGN KEY ("categories") REFERENCES "public"."figure_team_sets"("categories") ON DELETE cascade ON UPDATE no action;