/**
 * Makes the templates a new embedded database is copied from (db/template.ts): `npm run build`
 * runs it. The empty template holds the migrations and the SQL code; the demo template holds
 * the demo organisation and its year of requests too, ending now. Each is left as it is when
 * current (the demo while it is less than an hour old).
 *
 *   tsx server/src/cli/template.ts [--dir FOLDER] [--demo-requests N]   (0: no demo template)
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { demoSeed, writeDemo } from '../bootstrap';
import { loadConfig } from '../config';
import { migrationsFolder } from '../db/sql-code';
import {
  buildFolder,
  copyTemplate,
  DEMO_TEMPLATE_REMAKE_AGE_MS,
  defaultTemplateFolder,
  demoFingerprint,
  findDemoTemplate,
  findTemplate,
  pruneTemplates,
  publishTemplate,
  templateFingerprint,
} from '../db/template';

const { values } = parseArgs({
  options: { dir: { type: 'string' }, 'demo-requests': { type: 'string' } },
});
const config = loadConfig();
const folder = values.dir ?? config.TEMPLATE_DIR ?? defaultTemplateFolder;
const requests = Number(values['demo-requests'] ?? config.DEMO_REQUESTS);
if (!Number.isInteger(requests) || requests < 0) {
  console.error('--demo-requests must be a whole number, 0 or more.');
  process.exit(2);
}
const seconds = (since: number) => ((performance.now() - since) / 1000).toFixed(1);
const fingerprint = templateFingerprint(migrationsFolder);
const { openDatabase } = await import('../db/client');

let started = performance.now();
let emptyDir = findTemplate(folder, fingerprint);
if (emptyDir) {
  console.log(`The embedded database template is current (${fingerprint}).`);
} else {
  const building = buildFolder(folder);
  rmSync(building, { recursive: true, force: true });
  try {
    // Exactly what a start does on a new data directory, without a template to copy.
    const database = await openDatabase({ dataDir: building, templates: false });
    try {
      await database.migrate();
    } finally {
      await database.close();
    }
    emptyDir = publishTemplate(folder, fingerprint);
  } finally {
    rmSync(building, { recursive: true, force: true });
  }
  console.log(`Made the embedded database template (${fingerprint}) in ${seconds(started)} s.`);
}

const keep = [fingerprint];
if (requests > 0) {
  const demo = { requests, seed: demoSeed };
  const demoPrint = demoFingerprint(migrationsFolder, demo);
  keep.push(demoPrint);
  const now = new Date();
  if (findDemoTemplate(folder, demo, now, DEMO_TEMPLATE_REMAKE_AGE_MS)) {
    console.log(`The demo template is current (${demoPrint}).`);
  } else {
    started = performance.now();
    const building = buildFolder(folder, 'demo');
    rmSync(building, { recursive: true, force: true });
    try {
      // Written as a start on a new data directory writes it: a copy of the empty template.
      if (!copyTemplate(emptyDir, join(building, 'pg'))) {
        throw new Error('could not copy the empty template to write the demo into');
      }
      const database = await openDatabase({ dataDir: building, templates: false });
      try {
        await database.migrate();
        await writeDemo(database, { requests, now });
      } finally {
        await database.close();
      }
      publishTemplate(folder, demoPrint, { ...demo, at: now.toISOString() });
    } finally {
      rmSync(building, { recursive: true, force: true });
    }
    console.log(
      `Wrote the demo template (${demoPrint}, ${requests.toLocaleString('en-US')} requests) in ${seconds(started)} s.`,
    );
  }
}
pruneTemplates(folder, keep);
