import { demoPassword, demoSeed, prepareDatabase, wantsDemo } from './bootstrap';
import { ConfigError, loadConfig } from './config';
import { embeddedDataExists, openDatabase } from './db/client';
import { DataDirLockedError } from './db/data-dir-lock';
import { defaultTemplateFolder, findDemoTemplate } from './db/template';
import { hashPassword } from './modules/auth/auth.service';
import { demoSignIns } from './seed';

const startedAt = performance.now();
/** Plain lines for the person watching `npm start`; the JSON log lines are for machines. */
const say = (line: string) => process.stdout.write(`${line}\n`);
const elapsed = () => `${((performance.now() - startedAt) / 1000).toFixed(1)} s`;

async function main() {
  const config = loadConfig();
  const embedded = !config.DATABASE_URL;
  const dataDir = config.DATA_DIR;
  const fresh = embedded && (dataDir.startsWith('memory://') || !embeddedDataExists(dataDir));
  if (embedded) {
    say(
      fresh
        ? `Preparing a new embedded database in ${dataDir}…`
        : `Opening the embedded database in ${dataDir}…`,
    );
  }
  const templates = config.TEMPLATE_DIR ?? defaultTemplateFolder;
  const demo = fresh && !dataDir.startsWith('memory://') && wantsDemo(config, 'pglite');
  // The build writes the demo into a template too: a new data directory copies it while its
  // year of requests ends less than a day ago, instead of writing it again (db/template.ts).
  const demoTemplate = demo
    ? findDemoTemplate(templates, { requests: config.DEMO_REQUESTS, seed: demoSeed }, new Date())
    : undefined;
  // argon2 runs on the thread pool: hashed while the new database is created, not after it.
  const demoPasswordHash =
    fresh && !demoTemplate && wantsDemo(config, 'pglite') ? hashPassword(demoPassword) : undefined;
  demoPasswordHash?.catch(() => {});

  // The database opens (PGlite compiles its wasm off the main thread) while the app's modules
  // load; both take about a second.
  const opening = openDatabase({
    url: config.DATABASE_URL,
    dataDir,
    poolMax: config.DATABASE_POOL_MAX,
    statementTimeoutMs: config.DATABASE_STATEMENT_TIMEOUT_MS,
    templates,
    ...(demoTemplate ? { preferTemplate: demoTemplate.dir } : {}),
  });
  opening.catch(() => {});
  const [{ buildApp }, { default: closeWithGrace }] = await Promise.all([
    import('./app'),
    import('close-with-grace'),
  ]);
  const database = await opening;
  if (demoTemplate && database.copiedFrom === demoTemplate.dir) {
    const at = new Date(demoTemplate.demo.at);
    say(
      `  the demo organisation "Lakeside Community Center" (${demoTemplate.demo.requests.toLocaleString('en-US')} requests over a year, up to ${at.toISOString().slice(0, 16).replace('T', ' ')} UTC) is copied from the build.`,
    );
  }
  const app = await buildApp({ config, database });

  // Listening starts once the database is migrated: /healthz answers, /readyz says
  // "preparing", and every other request waits until the demo organisation is written.
  let preparing = true;
  let prepared = () => {};
  const preparation = new Promise<void>((resolve) => {
    prepared = resolve;
  });
  app.addHook('onRequest', async (request, reply) => {
    if (!preparing) return;
    const path = request.url.split('?', 1)[0];
    if (path === '/healthz') return;
    if (path === '/readyz') {
      reply.code(503).send({ status: 'unavailable', database: 'preparing' });
      return reply;
    }
    await preparation;
  });

  closeWithGrace({ delay: 10_000, logger: app.log }, async ({ signal, err }) => {
    if (err) app.log.error({ err }, 'closing after an error');
    else app.log.info({ signal }, 'shutting down: finishing in-flight requests');
    // Stops accepting, lets in-flight requests finish, then releases the database.
    await app.close();
    await database.close();
  });

  const url = `http://${config.HOST}:${config.PORT}`;
  try {
    await prepareDatabase(database, config, app.log, {
      demoRequests: config.DEMO_REQUESTS,
      demoPasswordHash,
      say,
      onMigrated: async () => {
        if (fresh) say(`  database ready after ${elapsed()}.`);
        await app.listen({ port: config.PORT, host: config.HOST });
      },
    });
  } catch (err) {
    // Released first: app.close() waits for the requests held until then.
    preparing = false;
    prepared();
    await app.close().catch(() => {});
    await database.close();
    throw err;
  }
  preparing = false;
  prepared();

  app.log.info(
    { engine: database.engine, readyInMs: Math.round(performance.now() - startedAt) },
    `Followthrough is ready at ${url}`,
  );
  const signIn =
    wantsDemo(config, database.engine) && !config.ADMIN_EMAIL
      ? ` — sign in as ${demoSignIns.admin} / ${demoPassword}`
      : '';
  say(`Ready in ${elapsed()} at ${url}${signIn}`);
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError || err instanceof DataDirLockedError) {
    console.error(err.message);
  } else {
    console.error('Followthrough could not start:', err);
  }
  process.exit(1);
});
