import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/src/app';
import { loadConfig } from '../../server/src/config';
import { rowsOf } from '../../server/src/db/raw';
import { seedDemo } from '../../server/src/seed';
import { resetDatabase, testDatabase } from '../support/db';
import { expectHours, mondaysOf, type TimesAnswer, weeklyRows } from '../support/figures';

/** The SQL blocks of docs/figures.md, by name. */
const doc = readFileSync(join(import.meta.dirname, '../../docs/figures.md'), 'utf8');
const figures = Object.fromEntries(
  [...doc.matchAll(/```sql figure=(\w+)\n([\s\S]*?)```/g)].map((m) => [m[1]!, m[2]!]),
);

const NOW = new Date('2026-06-01T12:00:00.000Z');
const FROM = '2025-06-01';
const TO = '2026-06-01';
const START = `'${FROM}T00:00:00Z'::timestamptz`;
const END = `'2026-06-02T00:00:00Z'::timestamptz`;

type Row = Record<string, unknown>;

for (const dataset of [
  { name: 'the demo data', requests: 300, seed: 1 },
  { name: 'a generated dataset', requests: 1200, seed: 20_261_123 },
]) {
  describe(`figures on ${dataset.name}: the API equals docs/figures.md`, () => {
    let app: Awaited<ReturnType<typeof buildApp>>;
    let cookie: string;
    const independent = async (name: string): Promise<Row[]> => {
      const text = figures[name];
      if (!text) throw new Error(`docs/figures.md has no figure ${name}`);
      const database = await testDatabase();
      return rowsOf<Row>(
        await database.db.execute(
          sql.raw(text.replaceAll(':start', START).replaceAll(':end', END)),
        ),
      );
    };
    const api = async (url: string) => {
      const res = await app.inject({ url, headers: { cookie } });
      expect(res.statusCode, res.body).toBe(200);
      return res.json();
    };

    beforeAll(async () => {
      const database = await testDatabase();
      await resetDatabase(database);
      await seedDemo(database.db, {
        requests: dataset.requests,
        seed: dataset.seed,
        now: NOW,
        passwordHash:
          '$argon2id$v=19$m=65536,t=3,p=4$c2VlZHNlZWRzZWVk$Q2dfu3R4xJQwhiOc0z5UDDcz8ZxZsOw2P2V0Yb9GgXY',
      });
      app = await buildApp({
        config: loadConfig({
          LOG_LEVEL: 'silent',
          JOBS_INTERVAL_MS: '0',
          FIGURES_INTERVAL_MS: '0',
        }),
        database,
        now: () => new Date(NOW),
      });
      // Sessions are rows: sign in without the password hash by writing one.
      const [lead] = rowsOf<{ id: string }>(
        await database.db.execute(sql`select id from people where email = 'lead@example.org'`),
      );
      await database.db.execute(
        sql`insert into sessions (id, person_id, expires_at) values (encode(sha256('figures-test'::bytea), 'hex'), ${lead!.id}, ${new Date(NOW.getTime() + 86_400_000).toISOString()}::timestamptz)`,
      );
      cookie = 'ft_session=figures-test';
    });
    afterAll(() => app?.close());

    it('has figures to compare (the data is not empty)', async () => {
      const rows = await independent('time_to_outcome');
      expect(rows.reduce((n, r) => n + Number(r.n), 0)).toBeGreaterThan(20);
    });

    // The whole year up to the data's present (its cut weeks hold nothing outside it, so they
    // are read whole), a range of whole weeks, one inside a week, and one that cuts busy weeks
    // at both ends (read from their durations).
    const ranges = [
      { from: FROM, to: TO },
      { from: '2026-03-02', to: '2026-04-26' },
      { from: '2026-05-13', to: '2026-05-15' },
      { from: '2026-03-04', to: '2026-05-27' },
    ];
    const bounds = (r: { from: string; to: string }) => {
      const end = new Date(`${r.to}T00:00:00Z`);
      end.setUTCDate(end.getUTCDate() + 1);
      return {
        start: `'${r.from}T00:00:00Z'::timestamptz`,
        end: `'${end.toISOString()}'::timestamptz`,
      };
    };
    const independentIn = async (name: string, r: { from: string; to: string }) => {
      const b = bounds(r);
      const database = await testDatabase();
      return rowsOf<Row>(
        await database.db.execute(
          sql.raw(figures[name]!.replaceAll(':start', b.start).replaceAll(':end', b.end)),
        ),
      );
    };
    // docs/figures.md: the period's figure is the same query without the week grouping.
    const wholePeriodOf = (text: string) =>
      text
        .replace(
          /select to_char\(date_trunc\('week', \w+ at time zone 'UTC'\), 'YYYY-MM-DD'\) as week,/,
          'select',
        )
        .replace(/group by 1 order by 1\s*$/, '');

    for (const [figure, measure] of [
      ['time_to_own', 'own'],
      ['time_to_resolve', 'resolve'],
      ['time_to_outcome', 'outcome'],
    ] as const) {
      for (const range of ranges) {
        it(`${figure}: median and p90 per week, ${range.from} to ${range.to}`, async () => {
          const expected = await independentIn(figure, range);
          const report: TimesAnswer = await api(
            `/api/metrics/times?from=${range.from}&to=${range.to}`,
          );
          // Every week of the range, empty ones too, so the columns line up.
          expect(report.weeks).toEqual(await mondaysOf(await testDatabase(), range));
          const weeks = report.series[0] ? weeklyRows(report, report.series[0], measure) : [];
          expect(weeks.map((w) => w.week)).toEqual(expected.map((r) => r.week));
          for (const [i, row] of expected.entries()) {
            expect(weeks[i]!.n).toBe(Number(row.n));
            expectHours(weeks[i]!.median, Number(row.median), `median ${row.week}`);
            expectHours(weeks[i]!.p90, Number(row.p90), `p90 ${row.week}`);
          }
          const total = expected.reduce((n, r) => n + Number(r.n), 0);
          expect(report.series[0]?.total[measure].count ?? 0).toBe(total);
          if (range.from === FROM) expect(total).toBeGreaterThan(10);
        });
      }

      it(`${figure}: median and p90 over the whole period`, async () => {
        const text = wholePeriodOf(figures[figure]!);
        expect(text).not.toContain('week');
        const b = bounds({ from: FROM, to: TO });
        const database = await testDatabase();
        const [row] = rowsOf<Row>(
          await database.db.execute(
            sql.raw(text.replaceAll(':start', b.start).replaceAll(':end', b.end)),
          ),
        );
        const report = await api(`/api/metrics/times/period?from=${FROM}&to=${TO}`);
        expect(report.series).toHaveLength(1);
        const got = report.series[0][measure];
        expect(got.count).toBe(Number(row!.n));
        expect(got.count).toBeGreaterThan(10);
        expect(got.medianHours).toBeCloseTo(Number(row!.median), 6);
        expect(got.p90Hours).toBeCloseTo(Number(row!.p90), 6);
      });
    }

    // The period's percentiles are located through the weeks' bucket counts: every grouping and
    // range must give exactly what percentile_cont gives over all the period's durations.
    for (const groupBy of ['none', 'category', 'team', 'owner', 'location'] as const) {
      it(`whole-period median and p90 by ${groupBy} equal percentile_cont over the durations`, async () => {
        const database = await testDatabase();
        // A category's team as it stands now: teams are never kept apart from their categories.
        const column =
          groupBy === 'none'
            ? 'null::uuid'
            : groupBy === 'team'
              ? '(select c.team_id from categories c where c.id = d.category_id)'
              : `d.${groupBy}_id`;
        for (const range of ranges) {
          const b = bounds(range);
          const expected = rowsOf<{
            measure: string;
            gid: string | null;
            n: number;
            median: number;
            p90: number;
          }>(
            await database.db.execute(
              sql.raw(`select d.measure, ${column}::text as gid, count(*)::int as n,
                percentile_cont(0.5) within group (order by d.hours) as median,
                percentile_cont(0.9) within group (order by d.hours) as p90
              from figure_durations d
              where d.ended_at >= ${b.start} and d.ended_at < ${b.end}
              group by 1, 2`),
            ),
          );
          const report = await api(
            `/api/metrics/times/period?from=${range.from}&to=${range.to}&groupBy=${groupBy}`,
          );
          const got = report.series.flatMap(
            (s: { group: { id: string } | null } & Record<string, unknown>) =>
              (['own', 'resolve', 'outcome'] as const).flatMap((measure) => {
                const m = s[measure] as { count: number; medianHours: number; p90Hours: number };
                return m.count > 0
                  ? [
                      {
                        measure,
                        gid: s.group?.id ?? null,
                        n: m.count,
                        median: m.medianHours,
                        p90: m.p90Hours,
                      },
                    ]
                  : [];
              }),
          );
          const key = (r: { measure: string; gid: string | null }) => `${r.measure}:${r.gid}`;
          const sort = <T extends { measure: string; gid: string | null }>(rows: T[]) =>
            [...rows].sort((x, y) => key(x).localeCompare(key(y)));
          expect(sort(got), `${range.from}..${range.to}`).toEqual(
            sort(expected.map((r) => ({ ...r, median: Number(r.median), p90: Number(r.p90) }))),
          );
          if (range.from === FROM) expect(expected.length).toBeGreaterThan(2);
        }
      });
    }

    // Teams are their categories' as they stand (never kept apart): a team's weeks are found
    // from its categories' bucket counts and must be percentile_cont's over its durations.
    const expectTeamWeeksExact = async () => {
      const database = await testDatabase();
      for (const range of ranges) {
        const b = bounds(range);
        const expected = rowsOf<{
          measure: string;
          gid: string;
          week: string;
          n: number;
          median: number;
          p90: number;
        }>(
          await database.db.execute(
            sql.raw(`select d.measure, c.team_id::text as gid,
                to_char(date_trunc('week', d.ended_at at time zone 'UTC'), 'YYYY-MM-DD') as week,
                count(*)::int as n,
                percentile_cont(0.5) within group (order by d.hours) as median,
                percentile_cont(0.9) within group (order by d.hours) as p90
              from figure_durations d join categories c on c.id = d.category_id
              where d.ended_at >= ${b.start} and d.ended_at < ${b.end}
              group by 1, 2, 3`),
          ),
        );
        const report: TimesAnswer = await api(
          `/api/metrics/times?from=${range.from}&to=${range.to}&groupBy=team`,
        );
        expect(report.weeks).toEqual(await mondaysOf(database, range));
        const got = report.series.flatMap((s) =>
          (['own', 'resolve', 'outcome'] as const).flatMap((measure) =>
            weeklyRows(report, s, measure).map((w) => ({ measure, gid: s.group!.id, ...w })),
          ),
        );
        const key = (r: { measure: string; gid: string; week: string }) =>
          `${r.gid}:${r.week}:${r.measure}`;
        const sort = <T extends { measure: string; gid: string; week: string }>(rows: T[]) =>
          [...rows].sort((x, y) => key(x).localeCompare(key(y)));
        const label = `${range.from}..${range.to}`;
        const mine = sort(got);
        const want = sort(expected);
        const cells = (rows: { measure: string; gid: string; week: string; n: number }[]) =>
          rows.map((r) => `${key(r)}:${r.n}`);
        expect(cells(mine), label).toEqual(cells(want));
        for (const [i, w] of want.entries()) {
          expectHours(mine[i]!.median, Number(w.median), `${label} ${key(w)} median`);
          expectHours(mine[i]!.p90, Number(w.p90), `${label} ${key(w)} p90`);
        }
        if (range.from === FROM) expect(expected.length).toBeGreaterThan(20);
      }
    };
    const keptSets = async () =>
      rowsOf<{ n: number; weeks: number }>(
        await (await testDatabase()).db.execute(
          sql`select (select count(*)::int from figure_team_sets) as n,
            (select count(*)::int from figure_team_weeks) as weeks`,
        ),
      )[0]!;
    const project = async () => (await testDatabase()).db.execute(sql`select figures_project()`);

    it('times per week by team equal percentile_cont over each team’s durations', async () => {
      // As kept by the projector for each team's category set.
      expect((await keptSets()).weeks).toBeGreaterThan(20);
      await expectTeamWeeksExact();
    });

    it('times per week by team are the same counted from the categories’ rows, before a team set is kept', async () => {
      const database = await testDatabase();
      await database.db.execute(sql`delete from figure_team_sets`);
      try {
        expect(await keptSets()).toEqual({ n: 0, weeks: 0 });
        await expectTeamWeeksExact();
      } finally {
        await project();
      }
      expect((await keptSets()).weeks).toBeGreaterThan(20);
    });

    it('times per week by team follow a category to another team, before and after the projector keeps the new sets', async () => {
      const database = await testDatabase();
      const [moved] = rowsOf<{ id: string; from: string; to: string }>(
        await database.db.execute(sql`select c.id, c.team_id as from,
            (select t.id from teams t where t.id <> c.team_id order by t.name limit 1) as to
          from categories c join figure_team_categories k on k.team_id = c.team_id
          order by c.name limit 1`),
      );
      const setsBefore = await keptSets();
      await database.db.execute(
        sql`update categories set team_id = ${moved!.to} where id = ${moved!.id}`,
      );
      try {
        // At once, from the categories' rows: the kept sets no longer match either team.
        await expectTeamWeeksExact();
        await project();
        // Kept now: exactly the teams' sets as they stand, the moved category's among them.
        const sets = rowsOf<{ kept: string[] | null; current: string[] | null }>(
          await database.db.execute(sql`select
              (select array_agg(s.categories::text order by s.categories::text) from figure_team_sets s) as kept,
              (select array_agg(k.categories::text order by k.categories::text) from figure_team_categories k) as current`),
        )[0]!;
        expect(sets.kept).toEqual(sets.current);
        expect(sets.kept?.some((c) => c.includes(moved!.id))).toBe(true);
        await expectTeamWeeksExact();
      } finally {
        await database.db.execute(
          sql`update categories set team_id = ${moved!.from} where id = ${moved!.id}`,
        );
        await project();
      }
      await expectTeamWeeksExact();
      expect(await keptSets()).toEqual(setsBefore);
    });

    it('times by team: each team per week, and the teams add up to everyone', async () => {
      const all = await api(`/api/metrics/times?from=${FROM}&to=${TO}`);
      const byTeam = await api(`/api/metrics/times?from=${FROM}&to=${TO}&groupBy=team`);
      expect(byTeam.series.length).toBeGreaterThan(1);
      expect(byTeam.weeks).toEqual(all.weeks);
      type Counted = { total: Record<string, { count: number }> } & Record<
        string,
        { count: number[] }
      >;
      for (const measure of ['own', 'resolve', 'outcome'] as const) {
        const sum = byTeam.series.reduce((n: number, s: Counted) => n + s.total[measure]!.count, 0);
        expect(sum).toBe(all.series[0].total[measure].count);
        // Week by week too: the same index is the same week in every series.
        const perWeek = all.weeks.map((_: string, i: number) =>
          byTeam.series.reduce((n: number, s: Counted) => n + s[measure]!.count[i]!, 0),
        );
        expect(perWeek).toEqual(all.series[0][measure].count);
      }
    });

    it('rates: on target, reopen, confirmation, handoff on time, satisfaction', async () => {
      const [e] = await independent('rates');
      const r = await api(`/api/metrics/rates?from=${FROM}&to=${TO}`);
      const n = (k: string) => Number(e![k]);
      expect(r.onTarget).toMatchObject({ numerator: n('on_target'), denominator: n('resolved') });
      expect(r.reopen).toMatchObject({ numerator: n('reopened'), denominator: n('closed') });
      expect(r.requesterConfirmation).toMatchObject({
        numerator: n('confirmed'),
        denominator: n('closings'),
      });
      expect(r.handoffOnTime).toMatchObject({
        numerator: n('handoffs_on_time'),
        denominator: n('handoffs_done'),
      });
      expect(r.satisfaction.rated).toMatchObject({
        numerator: n('rated'),
        denominator: n('confirmed'),
      });
      expect(r.satisfaction.averageRating).toBeCloseTo(n('rating_sum') / n('rated'), 9);
      expect(n('closed')).toBeGreaterThan(0);
      expect(n('handoffs_done')).toBeGreaterThan(0);
    });

    it('service levels by team: every closed request in exactly one level', async () => {
      const expected = await independent('service_levels_by_team');
      const report = await api(`/api/metrics/service-levels?from=${FROM}&to=${TO}&by=team`);
      const got = report.rows
        .map(
          (row: { group: { id: string }; closed: number } & Record<string, { count: number }>) => ({
            group_id: row.group.id,
            closed: row.closed,
            differentiated: row.differentiated!.count,
            competitive: row.competitive!.count,
            commoditized: row.commoditized!.count,
          }),
        )
        .sort((a: { group_id: string }, b: { group_id: string }) =>
          a.group_id.localeCompare(b.group_id),
        );
      const want = expected
        .map((r) => ({
          group_id: String(r.group_id),
          closed: Number(r.closed),
          differentiated: Number(r.differentiated),
          competitive: Number(r.competitive),
          commoditized: Number(r.commoditized),
        }))
        .sort((a, b) => a.group_id.localeCompare(b.group_id));
      expect(got).toEqual(want);
      for (const row of report.rows) {
        expect(
          row.differentiated.share + row.competitive.share + row.commoditized.share,
        ).toBeCloseTo(1, 9);
      }
      // Every level occurs somewhere, so the test exercises each branch.
      for (const level of ['differentiated', 'competitive', 'commoditized'] as const) {
        expect(want.reduce((n, r) => n + r[level], 0)).toBeGreaterThan(0);
      }
    });

    it('open items by status', async () => {
      const expected = await independent('open_by_status');
      const report = await api('/api/metrics/open');
      for (const row of expected) {
        expect(report.byStatus.find((s: { status: string }) => s.status === row.status).count).toBe(
          Number(row.n),
        );
      }
      expect(report.total).toBe(expected.reduce((n, r) => n + Number(r.n), 0));
      expect(report.byAge.reduce((n: number, b: { count: number }) => n + b.count, 0)).toBe(
        report.total,
      );
      expect(report.byOwner.reduce((n: number, b: { count: number }) => n + b.count, 0)).toBe(
        report.total,
      );
    });
  });
}

describe('metrics queries', () => {
  it('names a reversed range in a 400', async () => {
    const database = await testDatabase();
    const app = await buildApp({
      config: loadConfig({ LOG_LEVEL: 'silent', JOBS_INTERVAL_MS: '0', FIGURES_INTERVAL_MS: '0' }),
      database,
    });
    try {
      await database.db.execute(
        sql`delete from sessions where id = encode(sha256('figures-test-2'::bytea), 'hex')`,
      );
      const [p] = rowsOf<{ id: string }>(
        await database.db.execute(sql`select id from people limit 1`),
      );
      await database.db.execute(
        sql`insert into sessions (id, person_id, expires_at) values (encode(sha256('figures-test-2'::bytea), 'hex'), ${p!.id}, now() + interval '1 day')`,
      );
      const res = await app.inject({
        url: '/api/metrics/rates?from=2026-02-01&to=2026-01-01',
        headers: { cookie: 'ft_session=figures-test-2' },
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().errors[0].path).toBe('from');
    } finally {
      await app.close();
    }
  });
});
