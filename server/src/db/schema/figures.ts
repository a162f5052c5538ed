import {
  bigint,
  boolean,
  date,
  doublePrecision,
  index,
  integer,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import { requests } from './requests';

/*
 * Pre-aggregated figures (SPEC §7). The request rows and events stay the
 * record; these tables are derived from them by the figures projector, one
 * runner at a time and never inside a user's transaction
 * (server/src/db/sql/figures.sql), rebuilt in full by figures_rebuild(), and
 * held equal to the event-only definitions of docs/figures.md by
 * tests/server/figures.test.ts.
 */

/**
 * What the projector has still to count: one row per event, written with the event (a
 * statement trigger on events), deleted by the projector in the transaction that counts it,
 * so each event is counted exactly once however many processes run.
 */
export const figureQueue = pgTable('figure_queue', {
  eventId: bigint({ mode: 'number' }).primaryKey(),
  requestId: uuid().notNull(),
  // When the writing transaction began: every change committed before the oldest queued
  // moment is already in the figures (their `asOf`).
  queuedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

/** One row per request and time measure (own, resolve, outcome) it counts in. */
export const figureDurations = pgTable(
  'figure_durations',
  {
    requestId: uuid()
      .notNull()
      .references(() => requests.id, { onDelete: 'cascade' }),
    measure: text().notNull(),
    endedAt: timestamp({ withTimezone: true }).notNull(),
    hours: doublePrecision().notNull(),
    // No team: a category's team is joined where figures are read, so an admin can move a
    // category to another team without recounting anything.
    categoryId: uuid().notNull(),
    ownerId: uuid(),
    locationId: uuid(),
  },
  (t) => [
    primaryKey({ columns: [t.requestId, t.measure] }),
    // (measure, ended_at) with every column included is created in 0001_figures.sql:
    // partial weeks at a range's edges read it index-only, whatever the grouping.
    // Recomputing one group's week when a request changes.
    index('figure_durations_category_idx').on(t.categoryId, t.measure, t.endedAt),
    index('figure_durations_owner_idx').on(t.ownerId, t.measure, t.endedAt),
    index('figure_durations_location_idx').on(t.locationId, t.measure, t.endedAt),
  ],
);

/** Count, median and p90 hours per measure, grouping, group and ISO week (Monday, UTC). */
export const figureWeeks = pgTable(
  'figure_weeks',
  {
    measure: text().notNull(),
    kind: text().notNull(),
    groupId: uuid(),
    week: date().notNull(),
    n: integer().notNull().default(0),
    median: doublePrecision(),
    p90: doublePrecision(),
    // The week's durations counted per coarse bucket (migrations/0004, 256 of them): added
    // over the weeks of a period, they locate each percentile's rank to one coarse bucket.
    hist: integer().array(),
    // hist summed over this group's weeks up to and including this one: a range's counts are
    // the difference of two rows, however many weeks it spans.
    cum: integer().array(),
  },
  (t) => [unique('figure_weeks_key').on(t.measure, t.kind, t.groupId, t.week).nullsNotDistinct()],
);

/**
 * Within one coarse bucket of a week, the durations counted per fine bucket (64 of them), so a
 * rank is located to a fine bucket's few rows before any duration is read.
 */
export const figureWeekBuckets = pgTable(
  'figure_week_buckets',
  {
    measure: text().notNull(),
    kind: text().notNull(),
    groupId: uuid(),
    week: date().notNull(),
    coarse: smallint().notNull(),
    hist: integer().array().notNull(),
    // hist summed over this group's weeks up to this one, for this coarse bucket.
    cum: integer().array(),
  },
  (t) => [
    unique('figure_week_buckets_key')
      .on(t.measure, t.kind, t.groupId, t.coarse, t.week)
      .nullsNotDistinct(),
  ],
);

/** The facts of each closed request that the rates and service levels count. */
export const figureRequests = pgTable('figure_requests', {
  requestId: uuid()
    .primaryKey()
    .references(() => requests.id, { onDelete: 'cascade' }),
  categoryId: uuid().notNull(),
  ownerId: uuid(),
  done: boolean().notNull(),
  resolvedAt: timestamp({ withTimezone: true }),
  onTarget: boolean(),
  closedAt: timestamp({ withTimezone: true }).notNull(),
  reopened: boolean().notNull(),
  level: text().notNull(),
});

/**
 * What each request's events add to the daily counters (confirmations, ratings, handoffs done
 * and on time), per day: kept per request, so counting a request again from its events
 * replaces its share instead of adding it twice.
 */
export const figureRequestEvents = pgTable(
  'figure_request_events',
  {
    requestId: uuid()
      .notNull()
      .references(() => requests.id, { onDelete: 'cascade' }),
    day: date().notNull(),
    confirmed: integer().notNull(),
    closings: integer().notNull(),
    rated: integer().notNull(),
    ratingSum: integer().notNull(),
    handoffsDone: integer().notNull(),
    handoffsOnTime: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.requestId, t.day] })],
);

/** Daily counters per grouping (none, category, owner) and group; teams are their categories'. */
export const figureDays = pgTable(
  'figure_days',
  {
    day: date().notNull(),
    kind: text().notNull(),
    groupId: uuid(),
    resolved: integer().notNull().default(0),
    onTarget: integer().notNull().default(0),
    closed: integer().notNull().default(0),
    reopened: integer().notNull().default(0),
    differentiated: integer().notNull().default(0),
    competitive: integer().notNull().default(0),
    commoditized: integer().notNull().default(0),
    confirmed: integer().notNull().default(0),
    closings: integer().notNull().default(0),
    rated: integer().notNull().default(0),
    ratingSum: integer().notNull().default(0),
    handoffsDone: integer().notNull().default(0),
    handoffsOnTime: integer().notNull().default(0),
  },
  (t) => [unique('figure_days_key').on(t.kind, t.groupId, t.day).nullsNotDistinct()],
);

/**
 * The category sets whose team weeks are kept (figure_team_weeks): those of the teams that
 * route several categories, as the projector last found them. A team is its categories as
 * they stand, so the answers are kept per set, never per team: a category moving to another
 * team changes both teams' sets, the old rows simply stop matching, and the figures are
 * counted from the categories' own until the projector has kept the new sets.
 */
export const figureTeamSets = pgTable('figure_team_sets', {
  // The team's category ids in ascending order.
  categories: uuid().array().primaryKey(),
});

/** Count, median and p90 hours per kept category set, measure and ISO week (Monday, UTC). */
export const figureTeamWeeks = pgTable(
  'figure_team_weeks',
  {
    categories: uuid()
      .array()
      .notNull()
      .references(() => figureTeamSets.categories, { onDelete: 'cascade' }),
    measure: text().notNull(),
    week: date().notNull(),
    n: integer().notNull(),
    median: doublePrecision().notNull(),
    p90: doublePrecision().notNull(),
  },
  (t) => [primaryKey({ columns: [t.categories, t.measure, t.week] })],
);
