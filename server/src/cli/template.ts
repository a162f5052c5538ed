/**
 * Makes the template a new embedded database is copied from (db/template.ts): `npm run build`
 * runs it. Does nothing when the template for the current code is already there.
 *
 *   tsx server/src/cli/template.ts [--dir FOLDER]
 */
import { rmSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { migrationsFolder } from '../db/sql-code';
import {
  buildFolder,
  defaultTemplateFolder,
  findTemplate,
  pruneTemplates,
  publishTemplate,
  templateFingerprint,
} from '../db/template';

const { values } = parseArgs({ options: { dir: { type: 'string' } } });
const folder = values.dir ?? defaultTemplateFolder;
const started = performance.now();
const fingerprint = templateFingerprint(migrationsFolder);

if (findTemplate(folder, fingerprint)) {
  console.log(`The embedded database template is current (${fingerprint}).`);
} else {
  const building = buildFolder(folder);
  rmSync(building, { recursive: true, force: true });
  try {
    // Exactly what a start does on a new data directory, without a template to copy.
    const { openDatabase } = await import('../db/client');
    const database = await openDatabase({ dataDir: building, templates: false });
    try {
      await database.migrate();
    } finally {
      await database.close();
    }
    publishTemplate(folder, fingerprint);
  } finally {
    rmSync(building, { recursive: true, force: true });
  }
  const s = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`Made the embedded database template (${fingerprint}) in ${s} s.`);
}
pruneTemplates(folder, fingerprint);
