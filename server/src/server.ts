import closeWithGrace from 'close-with-grace';
import { buildApp } from './app';
import { prepareDatabase } from './bootstrap';
import { ConfigError, loadConfig } from './config';
import { openDatabase } from './db/client';
import { DataDirLockedError } from './db/data-dir-lock';

const startedAt = performance.now();

async function main() {
  const config = loadConfig();
  const database = await openDatabase({
    url: config.DATABASE_URL,
    dataDir: config.DATA_DIR,
    poolMax: config.DATABASE_POOL_MAX,
    statementTimeoutMs: config.DATABASE_STATEMENT_TIMEOUT_MS,
  });
  const app = await buildApp({ config, database });
  try {
    await prepareDatabase(database, config, app.log, Number(process.env.DEMO_REQUESTS ?? 1500));
  } catch (err) {
    await database.close();
    throw err;
  }

  closeWithGrace({ delay: 10_000, logger: app.log }, async ({ signal, err }) => {
    if (err) app.log.error({ err }, 'closing after an error');
    else app.log.info({ signal }, 'shutting down: finishing in-flight requests');
    // Stops accepting, lets in-flight requests finish, then releases the database.
    await app.close();
    await database.close();
  });

  await app.listen({ port: config.PORT, host: config.HOST });
  app.log.info(
    { engine: database.engine, readyInMs: Math.round(performance.now() - startedAt) },
    `Followthrough is ready at http://${config.HOST}:${config.PORT}`,
  );
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError || err instanceof DataDirLockedError) {
    console.error(err.message);
  } else {
    console.error('Followthrough could not start:', err);
  }
  process.exit(1);
});
