import { parseArgs } from 'node:util';
import { openDatabase } from '../db/client';
import { hashPassword } from '../modules/auth/auth.service';
import { generateRequests, isDatabaseEmpty, rebuildFigures, seedDemoOrganisation } from '../seed';

const usage = `Usage: npm run seed -- [--requests N] [--seed S] [--embedded] [--batch-size B]

Writes the demo organisation "Lakeside Community Center" (when the database
has no people yet) and N requests spread over the past year.

  --requests N     how many requests to write (default 2000)
  --seed S         seed of the generator: the same seed writes the same data (default 1)
  --embedded       use the embedded database in DATA_DIR (default ./data) instead of DATABASE_URL
  --batch-size B   requests per insert batch (default 2000)
  --help           this text

DATABASE_URL is required unless --embedded is given. Demo sign-ins share the
password "followthrough".`;

class UsageError extends Error {}

function integer(name: string, raw: string | undefined, fallback: number, min: number): number {
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw.replaceAll('_', ''))) {
    throw new UsageError(`--${name} must be a whole number, got "${raw}"`);
  }
  const n = Number(raw.replaceAll('_', ''));
  if (!Number.isSafeInteger(n) || n < min) {
    throw new UsageError(`--${name} must be a whole number of at least ${min}, got "${raw}"`);
  }
  return n;
}

function parse() {
  let values: ReturnType<typeof parseOnly>['values'];
  try {
    values = parseOnly().values;
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
  return {
    help: values.help ?? false,
    embedded: values.embedded ?? false,
    requests: integer('requests', values.requests, 2000, 0),
    seed: integer('seed', values.seed, 1, 0),
    batchSize: integer('batch-size', values['batch-size'], 2000, 1),
  };
}

function parseOnly() {
  return parseArgs({
    args: process.argv.slice(2),
    strict: true,
    allowPositionals: false,
    options: {
      requests: { type: 'string' },
      seed: { type: 'string' },
      embedded: { type: 'boolean' },
      'batch-size': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

const fmt = (n: number) => n.toLocaleString('en-US');
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function main() {
  const args = parse();
  if (args.help) {
    console.log(usage);
    return;
  }
  const url = process.env.DATABASE_URL || undefined;
  if (!args.embedded && !url) {
    throw new UsageError('DATABASE_URL is not set: set it, or pass --embedded to use DATA_DIR.');
  }
  const dataDir = process.env.DATA_DIR || './data';
  const started = performance.now();
  const database = await openDatabase(args.embedded ? { dataDir } : { url, poolMax: 2 });
  try {
    await database.migrate();
    const now = new Date();
    if (await isDatabaseEmpty(database.db)) {
      const passwordHash = await hashPassword('followthrough');
      await seedDemoOrganisation(database.db, { passwordHash, now });
      console.log('Created the demo organisation "Lakeside Community Center".');
      console.log('  sign-ins (password "followthrough"): admin@example.org, lead@example.org,');
      console.log('  owner@example.org, staff@example.org');
    } else {
      console.log('People already exist: adding requests to the existing organisation.');
    }
    const target = args.requests;
    let lastPrint = 0;
    const result = await generateRequests(database.db, {
      count: target,
      seed: args.seed,
      now,
      batchSize: args.batchSize,
      onProgress: (done) => {
        const t = performance.now();
        if (done === target || t - lastPrint > 2000) {
          lastPrint = t;
          const pct = target > 0 ? Math.round((done / target) * 100) : 100;
          console.log(
            `  ${fmt(done)} / ${fmt(target)} requests (${pct} %) after ${seconds(t - started)}`,
          );
        }
      },
      figures: false,
    });
    if (result.requests > 0) {
      console.log(`  counting the figures again from the whole record…`);
      await rebuildFigures(database.db);
    }
    console.log(
      `Wrote ${fmt(result.requests)} requests, ${fmt(result.events)} events and ${fmt(result.handoffs)} handoffs ` +
        `(seed ${args.seed}) in ${seconds(performance.now() - started)}.`,
    );
  } finally {
    await database.close();
  }
}

main().catch((err: unknown) => {
  if (err instanceof UsageError) {
    console.error(`seed: ${err.message}\n\n${usage}`);
    process.exit(2);
  }
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  process.exit(1);
});
