import { priorities, stalledReasons } from '@followthrough/shared';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../server/src/db/client';
import { rowsOf } from '../../server/src/db/raw';
import { defaultTargets } from '../../server/src/domain/targets';
import { stalledNow, stalledSince } from '../../server/src/modules/requests/requests.sql';
import { refreshStalls } from '../../server/src/modules/requests/stalls';
import { seedDemo } from '../../server/src/seed';
import { resetDatabase, testDatabase } from '../support/db';

/**
 * The review queue, the stalled filter and the open figures find stalled rows through the
 * moment the database keeps per request (requests.stalls_at, migrations/0003). That shortcut
 * must select exactly the rows for which SPEC §5's rules, evaluated in full at read time, give
 * a reason: at any moment, after target edits and after an owner is deactivated.
 */

const NOW = new Date('2026-06-01T12:00:00.000Z');
const HOUR = 3_600_000;

describe('stalls_at: the kept moment selects exactly the stalled rows', () => {
  let database: Database;

  /** Open rows where the full rules and the kept moment disagree, and how many are stalled. */
  async function compare(at: Date) {
    const now = sql`${at.toISOString()}`;
    const since = stalledSince(now, 'lookup');
    const full = sql.join(
      stalledReasons.map((r) => sql`${since[r]} is not null`),
      sql` or `,
    );
    const [row] = rowsOf<{ wrong: number; stalled: number; open: number }>(
      await database.db.execute(sql`
        select
          count(*) filter (where (${full}) is distinct from coalesce(${stalledNow(now)}, false))::int as wrong,
          count(*) filter (where ${full})::int as stalled,
          count(*)::int as open
        from requests r where r.status in ('new', 'in_progress', 'waiting')`),
    );
    return row!;
  }

  /** The same comparison at moments from three weeks back to three weeks ahead. */
  async function compareAround(center: Date) {
    const out: { at: string; wrong: number; stalled: number; open: number }[] = [];
    for (let h = -21 * 24; h <= 21 * 24; h += 7) {
      const at = new Date(center.getTime() + h * HOUR);
      out.push({ at: at.toISOString(), ...(await compare(at)) });
    }
    return out;
  }

  beforeAll(async () => {
    database = await testDatabase();
    await resetDatabase(database);
    await seedDemo(database.db, {
      requests: 600,
      seed: 7,
      now: NOW,
      passwordHash:
        '$argon2id$v=19$m=65536,t=3,p=4$c2VlZHNlZWRzZWVk$Q2dfu3R4xJQwhiOc0z5UDDcz8ZxZsOw2P2V0Yb9GgXY',
    });
  });

  it('keeps the §6 defaults the server uses', async () => {
    for (const p of priorities) {
      const [row] = rowsOf<{ own: number; quiet: number }>(
        await database.db.execute(
          sql`select default_target_minutes(${p}::priority, 'own') as own, default_target_minutes(${p}::priority, 'quiet') as quiet`,
        ),
      );
      expect(row, p).toEqual({
        own: defaultTargets[p].ownWithinMinutes,
        quiet: defaultTargets[p].quietForMinutes,
      });
    }
  });

  it('agrees with the full rules at every moment, on data with stalled and current rows', async () => {
    const rows = await compareAround(NOW);
    expect(rows.filter((r) => r.wrong > 0)).toEqual([]);
    // The comparison means something: some moments have stalled rows and some open rows are not.
    expect(rows.some((r) => r.stalled > 0 && r.stalled < r.open)).toBe(true);
  });

  it('follows row changes: owner activity, follow-ups, open handoffs, repeated reopening', async () => {
    const db = database.db;
    await db.execute(sql`
      update requests set last_owner_activity_at = ${new Date(NOW.getTime() - HOUR).toISOString()}::timestamptz
      where id in (select id from requests where owner_id is not null and status = 'in_progress' order by number limit 20)`);
    await db.execute(sql`
      update requests set next_follow_up_at = ${new Date(NOW.getTime() + 30 * HOUR).toISOString()}::timestamptz,
        follow_up_set_at = ${NOW.toISOString()}::timestamptz
      where id in (select id from requests where status = 'waiting' order by number limit 20)`);
    await db.execute(sql`
      update requests set open_handoff_due_at = ${new Date(NOW.getTime() + 5 * HOUR).toISOString()}::timestamptz, open_handoffs = 1
      where id in (select id from requests where status = 'in_progress' order by number desc limit 20)`);
    await db.execute(sql`
      update requests set reopen_count = 2, status = 'in_progress', closed_at = null, close_reason = null
      where id in (select id from requests where status = 'closed' and close_reason <> 'cancelled' order by number limit 5)`);
    const rows = await compareAround(NOW);
    expect(rows.filter((r) => r.wrong > 0)).toEqual([]);
  });

  it('moves, by the stalls job, when a category’s targets change and when an owner is deactivated', async () => {
    const db = database.db;
    const moments = async () =>
      rowsOf<{ id: string; stalls_at: string | null }>(
        await db.execute(
          sql`select id, stalls_at::text from requests where status in ('new', 'in_progress', 'waiting') order by id`,
        ),
      );
    const before = await moments();
    // Every category's normal priority: quiet for an hour only, owned within ten minutes.
    await db.execute(sql`
      insert into category_targets (category_id, priority, own_within_minutes, quiet_for_minutes, resolve_within_minutes)
      select c.id, 'normal', 10, 60, 10080 from categories c
      on conflict (category_id, priority) do update set own_within_minutes = 10, quiet_for_minutes = 60`);
    // The admin's statement only queued the move: no request row was written in it.
    expect(await moments()).toEqual(before);
    expect(await refreshStalls(db)).toBeGreaterThan(0);
    const after = await moments();
    const moved = after.filter((r, i) => r.stalls_at !== before[i]!.stalls_at);
    expect(moved.length).toBeGreaterThan(0);
    expect((await compareAround(NOW)).filter((r) => r.wrong > 0)).toEqual([]);

    await db.execute(sql`delete from category_targets where priority = 'normal'`);
    await refreshStalls(db);
    expect((await compareAround(NOW)).filter((r) => r.wrong > 0)).toEqual([]);

    const [owner] = rowsOf<{ owner_id: string }>(
      await db.execute(sql`select owner_id from requests
        where owner_id is not null and status in ('new', 'in_progress', 'waiting')
        group by owner_id order by count(*) desc limit 1`),
    );
    await db.execute(
      sql`update people set active = false, deactivated_at = ${NOW.toISOString()}::timestamptz where id = ${owner!.owner_id}`,
    );
    await refreshStalls(db);
    const rows = await compareAround(NOW);
    expect(rows.filter((r) => r.wrong > 0)).toEqual([]);
    const [held] = rowsOf<{ n: number }>(
      await db.execute(sql`select count(*)::int as n from requests r
        where r.owner_id = ${owner!.owner_id} and r.status in ('new', 'in_progress', 'waiting')
          and ${stalledNow(sql`${NOW.toISOString()}`)}`),
    );
    expect(held!.n).toBeGreaterThan(0);
  });
});
