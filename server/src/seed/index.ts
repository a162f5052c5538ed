import { sql } from 'drizzle-orm';
import { rowsOf } from '../db/raw';
import type { Db } from '../db/types';
import { type DemoOrganisation, seedDemoOrganisation } from './demo-org';
import { type GenerateRequestsResult, generateRequests, rebuildFigures } from './requests';

export { type DemoOrganisation, demoSignIns, seedDemoOrganisation } from './demo-org';
export { type GenerateRequestsResult, generateRequests, rebuildFigures } from './requests';

export interface SeedDemoOptions {
  /** How many requests to write (default seeding: 2,000). */
  requests: number;
  seed: number;
  /** The demo's present: the year of requests ends here. */
  now: Date;
  /** argon2id hash shared by every demo sign-in. */
  passwordHash: string;
  onProgress?: (done: number) => void;
  /** Called as each step begins, for a person watching the start. */
  onStep?: (step: 'requests' | 'figures') => void;
  batchSize?: number;
  /** See generateRequests: skip per-row foreign-key triggers (default: when superuser). */
  bulkLoad?: boolean;
}

/** The demo organisation (SPEC §11) and a year of requests. Run on an empty database. */
export async function seedDemo(
  db: Db,
  opts: SeedDemoOptions,
): Promise<{ organisation: DemoOrganisation; requests: GenerateRequestsResult }> {
  const organisation = await seedDemoOrganisation(db, {
    passwordHash: opts.passwordHash,
    now: opts.now,
  });
  opts.onStep?.('requests');
  const requests = await generateRequests(db, {
    count: opts.requests,
    seed: opts.seed,
    now: opts.now,
    onProgress: opts.onProgress,
    batchSize: opts.batchSize,
    bulkLoad: opts.bulkLoad,
    figures: false,
  });
  if (requests.requests > 0) {
    opts.onStep?.('figures');
    await rebuildFigures(db);
  }
  return { organisation, requests };
}

/** True when nobody exists yet: the cue to seed the demo organisation. */
export async function isDatabaseEmpty(db: Db): Promise<boolean> {
  const rows = rowsOf<{ someone: boolean }>(
    await db.execute(sql`select exists (select 1 from people) as someone`),
  );
  return rows[0]?.someone !== true;
}
