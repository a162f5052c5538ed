import { priorities, type StalledReason, stalledReasons } from '@followthrough/shared';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../server/src/db/client';
import { generatedFunctions } from '../../server/src/db/generated';
import { rowsOf } from '../../server/src/db/raw';
import { severitySql, stalledRules } from '../../server/src/domain/stalled';
import { testDatabase } from '../support/db';

describe('the stalled rules are written once (domain/stalled.ts)', () => {
  let database: Database;
  beforeAll(async () => {
    database = await testDatabase();
  });

  it('installs exactly the generated functions in the database', async () => {
    const expected = generatedFunctions();
    const installed = rowsOf<{ name: string; body: string }>(
      await database.db.execute(sql`select p.proname as name, p.prosrc as body from pg_proc p
        join pg_namespace n on n.oid = p.pronamespace
        where n.nspname = 'public' and p.proname = any(${`{${expected.map((f) => f.name).join(',')}}`}::text[])
        order by p.proname`),
    );
    expect(installed).toEqual(
      expected
        .map((f) => ({ name: f.name, body: f.body }))
        .sort((a, b) => a.name.localeCompare(b.name)),
    );
  });

  it('has a rule for every reason of SPEC §5', () => {
    expect(Object.keys(stalledRules).sort()).toEqual([...stalledReasons].sort());
  });

  /** The review severity as the queue computes it, for reasons held and a priority. */
  async function severity(reasons: StalledReason[], priority: (typeof priorities)[number]) {
    const cols = stalledReasons.map(
      (r) => `${reasons.includes(r) ? 'now()' : 'null::timestamptz'} as "s_${r}"`,
    );
    const rank = `case priority ${priorities.map((p, i) => `when '${p}' then ${i}`).join(' ')} end`;
    const [row] = rowsOf<{ severity: number }>(
      await database.db.execute(
        sql.raw(`select ${severitySql((r) => `"s_${r}"`, rank)} as severity
          from (select '${priority}'::priority as priority, ${cols.join(', ')}) x`),
      ),
    );
    return Number(row!.severity);
  }

  it('gives no severity when nothing is stalled', async () => {
    expect(await severity([], 'urgent')).toBe(0);
  });

  it('ranks by the weightiest reason before priority', async () => {
    expect(await severity(['unowned'], 'low')).toBeGreaterThan(
      await severity(['no_activity'], 'urgent'),
    );
    expect(await severity(['past_target'], 'low')).toBeGreaterThan(
      await severity(['follow_up_overdue'], 'urgent'),
    );
  });

  it('then by priority, then by how many reasons hold', async () => {
    expect(await severity(['past_target'], 'urgent')).toBeGreaterThan(
      await severity(['past_target'], 'high'),
    );
    expect(await severity(['past_target', 'no_activity'], 'high')).toBeGreaterThan(
      await severity(['past_target'], 'high'),
    );
  });
});
