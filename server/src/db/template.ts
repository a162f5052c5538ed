import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { migrationsFolder as projectMigrations, projectRoot } from '../paths';
import { alive } from './data-dir-lock';
import { sqlCode, sqlCodeVersion } from './sql-code';

/**
 * A new embedded database starts as a copy of a template: an empty data directory with the
 * migrations and the SQL code applied, made once by `npm run build` (cli/template.ts). Copying
 * it takes milliseconds; PGlite's initdb takes seconds. The template is named by a fingerprint
 * of everything that decides its content, and one whose fingerprint differs is never used.
 */
export const defaultTemplateFolder = join(
  projectRoot,
  'node_modules/.cache/followthrough/pglite-template',
);

/** Raised when what makes or checks a template changes, so older templates are not used. */
const TEMPLATE_FORMAT = 1;
const MANIFEST = 'template.json';

interface Manifest {
  fingerprint: string;
  /** Files in pg/ and their total size: a copy is used only when it has all of them. */
  files: number;
  bytes: number;
  /** A demo template: the organisation and its year of requests, written as of `at`. */
  demo?: DemoContent;
}

export interface DemoContent {
  requests: number;
  seed: number;
  /** The demo's present (ISO time): its year of requests ends here. */
  at: string;
}

/**
 * A demo template is used for a new data directory while its year of requests ends less than
 * a day ago; an older one would show a desk nobody touched since, so the demo is written anew.
 */
export const DEMO_TEMPLATE_MAX_AGE_MS = 24 * 3_600_000;
/** The build writes the demo template again once it is older than this. */
export const DEMO_TEMPLATE_REMAKE_AGE_MS = 3_600_000;

/** The version of an installed package, from its own package.json. */
function packageVersion(name: string): string {
  let dir = dirname(createRequire(import.meta.url).resolve(name));
  for (;;) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === name && pkg.version) return pkg.version;
    }
    const up = dirname(dir);
    if (up === dir) throw new Error(`no package.json found for ${name}`);
    dir = up;
  }
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();
}

/**
 * The fingerprint of the template this code would make: the PGlite version (its PostgreSQL
 * and on-disk format), drizzle-orm's (its migrations table), every file of the migrations
 * folder, and the hash of the SQL code (what `followthrough_sql_code()` answers).
 */
export function templateFingerprint(migrationsFolder: string): string {
  const hash = createHash('sha256');
  hash.update(`format ${TEMPLATE_FORMAT}\0`);
  hash.update(`@electric-sql/pglite ${packageVersion('@electric-sql/pglite')}\0`);
  hash.update(`drizzle-orm ${packageVersion('drizzle-orm')}\0`);
  for (const file of filesUnder(migrationsFolder)) {
    hash.update(`migrations/${file}\0`).update(readFileSync(join(migrationsFolder, file)));
    hash.update('\0');
  }
  hash.update(`sql code ${sqlCodeVersion(sqlCode())}\0`);
  return hash.digest('hex').slice(0, 32);
}

/**
 * The fingerprint of a demo template: the empty template's, the sources that write the demo
 * (the rules, the commit path and the generator all shape its rows), and what it holds.
 */
export function demoFingerprint(
  migrationsFolder: string,
  demo: Pick<DemoContent, 'requests' | 'seed'>,
): string {
  const hash = createHash('sha256');
  hash.update(`demo of ${templateFingerprint(migrationsFolder)}\0`);
  hash.update(`requests ${demo.requests} seed ${demo.seed}\0`);
  for (const folder of ['server/src', 'shared/src']) {
    const dir = join(projectRoot, folder);
    for (const file of filesUnder(dir)) {
      hash
        .update(`${folder}/${file}\0`)
        .update(readFileSync(join(dir, file)))
        .update('\0');
    }
  }
  return hash.digest('hex').slice(0, 32);
}

/**
 * The demo template for this code and this many requests, when there is a complete one whose
 * demo ends within `maxAgeMs` of `now`.
 */
export function findDemoTemplate(
  folder: string,
  demo: Pick<DemoContent, 'requests' | 'seed'>,
  now: Date,
  maxAgeMs = DEMO_TEMPLATE_MAX_AGE_MS,
): { dir: string; demo: DemoContent } | undefined {
  const dir = findTemplate(folder, demoFingerprint(projectMigrations, demo));
  const content = dir ? readManifest(dir)?.demo : undefined;
  if (!dir || !content) return undefined;
  if (content.requests !== demo.requests || content.seed !== demo.seed) return undefined;
  const age = now.getTime() - Date.parse(content.at);
  if (!(age >= 0 && age < maxAgeMs)) return undefined;
  return { dir, demo: content };
}

function measure(pgDir: string): Pick<Manifest, 'files' | 'bytes'> {
  const files = filesUnder(pgDir);
  let bytes = 0;
  for (const f of files) bytes += statSync(join(pgDir, f)).size;
  return { files: files.length, bytes };
}

function readManifest(templateDir: string): Manifest | undefined {
  try {
    return JSON.parse(readFileSync(join(templateDir, MANIFEST), 'utf8')) as Manifest;
  } catch {
    return undefined;
  }
}

/** The template with this fingerprint in the folder, if there is a complete one. */
export function findTemplate(folder: string, fingerprint: string): string | undefined {
  const dir = join(folder, fingerprint);
  const manifest = readManifest(dir);
  if (manifest?.fingerprint !== fingerprint) return undefined;
  if (!existsSync(join(dir, 'pg', 'PG_VERSION'))) return undefined;
  return dir;
}

/**
 * Copies the template's data directory to `pgDir`, which must not hold a database: first to
 * a sibling, checked against the template's manifest, then renamed into place, so a copy cut
 * short never looks like a database. Returns false (leaving `pgDir` as it was) when it could
 * not: the caller then makes a new database instead.
 */
export function copyTemplate(templateDir: string, pgDir: string): boolean {
  const manifest = readManifest(templateDir);
  if (!manifest) return false;
  if (existsSync(pgDir)) {
    // An empty pg/ (an earlier start stopped before initdb wrote anything) is replaced;
    // anything else is left to PGlite, as without a template.
    if (readdirSync(pgDir).length > 0) return false;
    rmdirSync(pgDir);
  }
  const copy = `${pgDir}.template-copy`;
  try {
    rmSync(copy, { recursive: true, force: true });
    cpSync(join(templateDir, 'pg'), copy, { recursive: true, errorOnExist: true });
    const copied = measure(copy);
    if (copied.files !== manifest.files || copied.bytes !== manifest.bytes) {
      throw new Error('the copy of the template is incomplete');
    }
    renameSync(copy, pgDir);
    return true;
  } catch {
    rmSync(copy, { recursive: true, force: true });
    return false;
  }
}

/** A folder for building a template in (its data directory is `<it>/pg`). */
export function buildFolder(folder: string, kind: 'empty' | 'demo' = 'empty'): string {
  return join(folder, `.building-${process.pid}${kind === 'demo' ? '-demo' : ''}`);
}

/**
 * Publishes a template built in `buildFolder(folder)` (by a PGlite closed cleanly): leaves out
 * what belongs to one running server, writes the manifest, then renames it into place.
 */
export function publishTemplate(folder: string, fingerprint: string, demo?: DemoContent): string {
  const building = buildFolder(folder, demo ? 'demo' : 'empty');
  const pgDir = join(building, 'pg');
  if (existsSync(join(pgDir, 'postmaster.pid'))) {
    throw new Error('the template database was not closed cleanly (postmaster.pid is left)');
  }
  if (!existsSync(join(pgDir, 'PG_VERSION'))) throw new Error('the template has no database');
  // The data directory lock is released on close; a server's own files are not copied.
  for (const name of readdirSync(building)) {
    if (name !== 'pg') rmSync(join(building, name), { recursive: true, force: true });
  }
  rmSync(join(pgDir, 'postmaster.opts'), { force: true });
  for (const name of readdirSync(join(pgDir, 'pg_stat_tmp'))) {
    rmSync(join(pgDir, 'pg_stat_tmp', name), { recursive: true, force: true });
  }
  const manifest: Manifest = { fingerprint, ...measure(pgDir), ...(demo ? { demo } : {}) };
  writeFileSync(join(building, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
  const target = join(folder, fingerprint);
  // A demo template is replaced by a newer one of the same code (its demo ends later).
  if (demo && existsSync(target)) {
    const trash = join(folder, `.trash-${fingerprint}-${process.pid}`);
    try {
      renameSync(target, trash);
      rmSync(trash, { recursive: true, force: true });
    } catch {
      // Replaced by another build meanwhile.
    }
  }
  try {
    renameSync(building, target);
  } catch (err) {
    // Another build published the same template first: theirs is as good.
    if (!findTemplate(folder, fingerprint)) throw err;
    rmSync(building, { recursive: true, force: true });
  }
  return target;
}

/** Removes every template but the current ones (and builds still running elsewhere). */
export function pruneTemplates(folder: string, keep: string[]): void {
  if (!existsSync(folder)) return;
  for (const name of readdirSync(folder)) {
    if (keep.includes(name)) continue;
    const building = /^\.building-(\d+)(-demo)?$/.exec(name);
    if (building && Number(building[1]) !== process.pid && alive(Number(building[1]))) continue;
    const path = join(folder, name);
    // Renamed first: a server copying it fails its check and makes a new database instead.
    const trash = name.startsWith('.trash-') ? path : join(folder, `.trash-${name}-${process.pid}`);
    try {
      if (trash !== path) renameSync(path, trash);
      rmSync(trash, { recursive: true, force: true });
    } catch {
      // Removed by another build meanwhile.
    }
  }
}
