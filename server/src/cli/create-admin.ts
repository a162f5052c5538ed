import { parseArgs } from 'node:util';
import { ensureAdmin } from '../bootstrap';
import { loadConfig } from '../config';
import { openDatabase } from '../db/client';

/** npm run admin:create -- --email a@b.org --name "Ada" --password '…' */
async function main() {
  const { values } = parseArgs({
    options: {
      email: { type: 'string' },
      name: { type: 'string', default: 'Administrator' },
      password: { type: 'string' },
    },
  });
  if (!values.email || !values.password || values.password.length < 8) {
    throw new Error('Give --email and a --password of at least 8 characters.');
  }
  const config = loadConfig();
  const database = await openDatabase({ url: config.DATABASE_URL, dataDir: config.DATA_DIR });
  try {
    await database.migrate();
    const result = await ensureAdmin(database, {
      email: values.email,
      name: values.name ?? 'Administrator',
      password: values.password,
    });
    console.log(
      result === 'created' ? `Created admin ${values.email}` : `${values.email} already exists`,
    );
  } finally {
    await database.close();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
