/**
 * npm run bench:targets -- [--writers 4] [--seconds 8]
 *
 * How a category's new targets reach its open requests at 1,000,000 requests (SPEC §12), on
 * the benchmark's PostgreSQL database (BENCH_DATABASE_URL, default `followthrough_bench`,
 * seeded by `npm run bench`): the admin's change (the same service the PATCH route calls),
 * then the stalls job working off the moved moments in batches, while writers keep updating
 * open requests of that very category. Prints how long each took, the longest any writer's
 * statement waited, and checks every open request's kept moment against its facts after.
 * The category's targets are put back as they were at the end.
 */
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { openDatabase } from '../../server/src/db/client';
import { rowsOf } from '../../server/src/db/raw';
import { updateCategory } from '../../server/src/modules/admin/admin.service';
import { personById } from '../../server/src/modules/auth/auth.queries';
import { refreshStalls } from '../../server/src/modules/requests/stalls';

const { values } = parseArgs({
  options: {
    writers: { type: 'string', default: '4' },
    seconds: { type: 'string', default: '8' },
  },
});
const url =
  process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/followthrough_bench';
const database = await openDatabase({ url, poolMax: Number(values.writers) + 2 });
const db = database.db;
const raw = database.raw!;

const q = async <T>(query: ReturnType<typeof sql>) => rowsOf<T>(await db.execute(query));
const [category] = await q<{ id: string; name: string; open: number }>(sql`
  select c.id, c.name, count(*)::int as open from categories c
  join requests r on r.category_id = c.id and r.status in ('new', 'in_progress', 'waiting')
  group by c.id order by open desc limit 1`);
const [admin] = await q<{ id: string }>(
  sql`select id from people where role = 'admin' and active order by email limit 1`,
);
const [{ total } = { total: 0 }] = await q<{ total: number }>(
  sql`select count(*)::int as total from requests`,
);
if (!category || !admin) throw new Error('no data: run `npm run bench` first to seed it');
const person = (await personById(db, admin.id))!;
const before = await q<{
  priority: 'low' | 'normal' | 'high' | 'urgent';
  ownWithinMinutes: number;
  quietForMinutes: number;
  resolveWithinMinutes: number;
}>(sql`select priority, own_within_minutes as "ownWithinMinutes",
  quiet_for_minutes as "quietForMinutes", resolve_within_minutes as "resolveWithinMinutes"
  from category_targets where category_id = ${category.id}`);
const targets = before.map((t) => ({
  ...t,
  ownWithinMinutes: Math.max(1, Math.round(t.ownWithinMinutes / 2)),
  quietForMinutes: Math.max(1, Math.round(t.quietForMinutes / 2)),
}));
const ids = (
  await q<{ id: string }>(sql`select id from requests where category_id = ${category.id}
    and status in ('new', 'in_progress', 'waiting') order by random() limit 200`)
).map((r) => r.id);

// Writers: each statement rewrites one open request of the category (its moment included,
// as every writer's trigger does), timed one by one.
let writing = true;
const waits: number[] = [];
const writers = Array.from({ length: Number(values.writers) }, async (_, w) => {
  let i = w;
  while (writing) {
    const id = ids[i++ % ids.length]!;
    const t = performance.now();
    await raw`update requests set updated_at = updated_at where id = ${id}`;
    waits.push(performance.now() - t);
  }
});
await new Promise((r) => setTimeout(r, 500));

const t0 = performance.now();
await updateCategory(db, person, category.id, { targets });
const changeMs = performance.now() - t0;
const t1 = performance.now();
let moved = 0;
let runs = 0;
for (;;) {
  const n = await refreshStalls(db);
  runs++;
  moved += n ?? 0;
  if (!n) break;
}
const jobMs = performance.now() - t1;
await new Promise((r) => setTimeout(r, Number(values.seconds) * 1000 - (performance.now() - t0)));
writing = false;
await Promise.all(writers);

const [check] = await q<{ wrong: number; open: number }>(sql`
  select count(*) filter (where stalls_at is distinct from request_stalls_at(r))::int as wrong,
    count(*)::int as open
  from requests r where category_id = ${category.id} and status in ('new', 'in_progress', 'waiting')`);

// Put the targets back, and their moments with them.
await updateCategory(db, person, category.id, { targets: before });
while (await refreshStalls(db)) {}
await database.close();

const sorted = [...waits].sort((a, b) => a - b);
const pct = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
console.log(`A category's new targets at ${total.toLocaleString('en-US')} requests:
| step | result |
| --- | --- |
| category | ${category.name}, ${category.open.toLocaleString('en-US')} open requests |
| the admin's change (PATCH /api/categories/:id's transaction) | ${changeMs.toFixed(0)} ms |
| the stalls job: moments moved | ${moved.toLocaleString('en-US')} in ${jobMs.toFixed(0)} ms (${runs} runs of batches of 100) |
| writers on the category's open requests meanwhile | ${waits.length.toLocaleString('en-US')} statements, p50 ${pct(0.5).toFixed(1)} ms, p99 ${pct(0.99).toFixed(1)} ms, max ${sorted.at(-1)!.toFixed(1)} ms |
| open requests whose kept moment disagrees with their facts after | ${check!.wrong} of ${check!.open} |`);
