import { spawn } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, migrationsFolder, openDatabase } from '../../server/src/db/client';
import { rowsOf } from '../../server/src/db/raw';
import {
  copyTemplate,
  DEMO_TEMPLATE_MAX_AGE_MS,
  demoFingerprint,
  findDemoTemplate,
  findTemplate,
  templateFingerprint,
} from '../../server/src/db/template';

const root = join(import.meta.dirname, '../..');
const work = mkdtempSync(join(tmpdir(), 'ft-template-'));
const templates = join(work, 'templates');
const fingerprint = templateFingerprint(migrationsFolder);
const templateDir = join(templates, fingerprint);
/** A small demo keeps the test quick; the build writes DEMO_REQUESTS (1,500). */
const demo = { requests: 30, seed: 1 };
const demoPrint = demoFingerprint(migrationsFolder, demo);
const demoDir = join(templates, demoPrint);

/** Runs the build's template script (what `npm run build` runs) on the test's folder. */
function makeTemplate(): Promise<{ code: number | null; output: string }> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'server/src/cli/template.ts',
      '--dir',
      templates,
      '--demo-requests',
      String(demo.requests),
    ],
    { cwd: root, env: { ...process.env, DATABASE_URL: '' } },
  );
  let output = '';
  child.stdout.on('data', (d) => {
    output += d;
  });
  child.stderr.on('data', (d) => {
    output += d;
  });
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, output })));
}

/** pg_control begins with the system identifier initdb chose: a database's birth mark. */
const systemIdOf = (pgDir: string) =>
  readFileSync(join(pgDir, 'global', 'pg_control'))
    .readBigUInt64LE(0)
    .toString();

async function rows<T>(database: Database, query: string): Promise<T[]> {
  return rowsOf<T>(await database.db.execute(sql.raw(query)));
}

interface Opened {
  systemId: string;
  /** The migrations and the SQL code found before migrate() ran. */
  found: { migrations: string[]; sqlCode: string | null };
  migrations: string[];
  sqlCode: string;
  catalog: string[];
  rowsInTables: number;
}

/** The hashes of the migrations applied, and the SQL code's version (null: none yet). */
async function applied(database: Database) {
  const [has] = await rows<{ migrations: boolean; code: boolean }>(
    database,
    `select to_regclass('drizzle.__drizzle_migrations') is not null as migrations,
            exists (select 1 from pg_proc where proname = 'followthrough_sql_code') as code`,
  );
  const migrations = has!.migrations
    ? await rows<{ hash: string }>(
        database,
        'select hash from drizzle.__drizzle_migrations order by id',
      )
    : [];
  const [code] = has!.code
    ? await rows<{ v: string }>(database, 'select followthrough_sql_code() as v')
    : [];
  return { migrations: migrations.map((m) => m.hash), sqlCode: code?.v ?? null };
}

/** Opens a new data directory as a start does, migrates it, and describes what it holds. */
async function openNew(dataDir: string, folder: string | false): Promise<Opened> {
  const database = await openDatabase({ dataDir, templates: folder });
  try {
    const found = await applied(database);
    await database.migrate();
    const after = await applied(database);
    const [system] = await rows<{ id: string }>(
      database,
      'select system_identifier::text as id from pg_control_system()',
    );
    const catalog = await rows<{ item: string }>(
      database,
      `select 'relation ' || n.nspname || '.' || c.relname || ' ' || c.relkind::text as item
         from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname in ('public', 'drizzle')
       union all
       select 'column ' || table_schema || '.' || table_name || '.' || column_name || ' '
              || data_type || ' ' || coalesce(column_default, '') || ' ' || is_nullable
         from information_schema.columns where table_schema in ('public', 'drizzle')
       union all
       select 'function ' || p.proname || '(' || pg_get_function_identity_arguments(p.oid)
              || ') ' || md5(p.prosrc)
         from pg_proc p join pg_namespace n on n.oid = p.pronamespace
        where n.nspname = 'public'
       union all
       select 'trigger ' || tgname || ' on ' || tgrelid::regclass::text || ' ' || tgenabled::text
         from pg_trigger where not tgisinternal
       union all
       select 'constraint ' || conname || ' ' || pg_get_constraintdef(oid)
         from pg_constraint where connamespace = 'public'::regnamespace
       union all
       select 'index ' || pg_get_indexdef(indexrelid)
         from pg_index where indrelid::regclass::text not like 'pg_%'
          and indexrelid::regclass::text not like 'information_schema.%'
       order by 1`,
    );
    const tables = await rows<{ name: string }>(
      database,
      `select quote_ident(relname) as name from pg_class
        where relnamespace = 'public'::regnamespace and relkind in ('r', 'p')`,
    );
    let rowsInTables = 0;
    for (const t of tables) {
      const [n] = await rows<{ n: number }>(database, `select count(*)::int as n from ${t.name}`);
      rowsInTables += n!.n;
    }
    return {
      systemId: system!.id,
      found,
      migrations: after.migrations,
      sqlCode: after.sqlCode!,
      catalog: catalog.map((c) => c.item),
      rowsInTables,
    };
  } finally {
    await database.close();
  }
}

let made: { code: number | null; output: string };

beforeAll(async () => {
  // A template of older code: the script removes it.
  mkdirSync(join(templates, 'older'), { recursive: true });
  writeFileSync(join(templates, 'older', 'template.json'), '{"fingerprint":"older"}');
  made = await makeTemplate();
});

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

describe('the template script', () => {
  it('makes the empty and the demo template, named by the fingerprint of the current code', () => {
    expect(made.code, made.output).toBe(0);
    expect(readdirSync(templates).sort()).toEqual([fingerprint, demoPrint].sort());
    expect(findTemplate(templates, fingerprint)).toBe(templateDir);
    const manifest = JSON.parse(readFileSync(join(templateDir, 'template.json'), 'utf8'));
    expect(manifest.fingerprint).toBe(fingerprint);
    // Closed cleanly, nothing of the process that made it.
    expect(existsSync(join(templateDir, 'pg', 'PG_VERSION'))).toBe(true);
    expect(existsSync(join(templateDir, 'pg', 'postmaster.pid'))).toBe(false);
    expect(readdirSync(templateDir).sort()).toEqual(['pg', 'template.json']);
  });

  it('does nothing when the template is current', { timeout: 60_000 }, async () => {
    const before = statSync(templateDir);
    const demoBefore = statSync(demoDir);
    const again = await makeTemplate();
    expect(again.code, again.output).toBe(0);
    expect(again.output).toContain('The embedded database template is current');
    expect(again.output).toContain('The demo template is current');
    expect(statSync(templateDir).ino).toBe(before.ino);
    expect(statSync(demoDir).ino).toBe(demoBefore.ino);
    expect(readdirSync(templates).sort()).toEqual([fingerprint, demoPrint].sort());
  });

  it('fingerprints the migrations by content, every file of them', () => {
    const copy = join(work, 'migrations-copy');
    cpSync(migrationsFolder, copy, { recursive: true });
    expect(templateFingerprint(copy)).toBe(fingerprint);
    writeFileSync(join(copy, 'meta', 'note.json'), '{}');
    expect(templateFingerprint(copy)).not.toBe(fingerprint);
    rmSync(join(copy, 'meta', 'note.json'));
    const first = readdirSync(copy).filter((f) => f.endsWith('.sql'))[0]!;
    writeFileSync(join(copy, first), `${readFileSync(join(copy, first), 'utf8')}\n-- changed\n`);
    expect(templateFingerprint(copy)).not.toBe(fingerprint);
  });
});

describe('a new data directory', () => {
  let fromTemplate: Opened;
  let fromInitdb: Opened;
  let templateId: string;

  beforeAll(async () => {
    templateId = systemIdOf(join(templateDir, 'pg'));
    fromTemplate = await openNew(join(work, 'from-template'), templates);
    // The same template under a fingerprint that is not the current one's.
    const wrong = join(work, 'wrong');
    cpSync(templateDir, join(wrong, fingerprint), { recursive: true });
    writeFileSync(
      join(wrong, fingerprint, 'template.json'),
      readFileSync(join(templateDir, 'template.json'), 'utf8').replace(fingerprint, 'f'.repeat(32)),
    );
    fromInitdb = await openNew(join(work, 'from-initdb'), wrong);
  }, 180_000);

  it('is a copy of the template when its fingerprint matches, migrated already', () => {
    expect(fromTemplate.systemId).toBe(templateId);
    expect(fromTemplate.found).toEqual({
      migrations: fromTemplate.migrations,
      sqlCode: fromTemplate.sqlCode,
    });
  });

  it('ignores a template whose fingerprint does not match: initdb makes it', () => {
    expect(fromInitdb.systemId).not.toBe(templateId);
    expect(fromInitdb.found).toEqual({ migrations: [], sqlCode: null });
  });

  it('holds the same migrations, SQL code and catalog either way, and no rows', () => {
    expect(fromTemplate.migrations.length).toBeGreaterThan(0);
    expect(fromTemplate.migrations).toEqual(fromInitdb.migrations);
    expect(fromTemplate.sqlCode).toMatch(/^[0-9a-f]{32}$/);
    expect(fromTemplate.sqlCode).toBe(fromInitdb.sqlCode);
    expect(fromTemplate.catalog.length).toBeGreaterThan(50);
    expect(fromTemplate.catalog).toEqual(fromInitdb.catalog);
    expect(fromTemplate.rowsInTables).toBe(0);
    expect(fromInitdb.rowsInTables).toBe(0);
  });

  it('is not made from an incomplete template, and nothing is left half copied', () => {
    const broken = join(work, 'broken');
    cpSync(templateDir, broken, { recursive: true });
    rmSync(join(broken, 'pg', 'global', 'pg_filenode.map'));
    const pgDir = join(work, 'from-broken', 'pg');
    mkdirSync(join(work, 'from-broken'));
    expect(copyTemplate(broken, pgDir)).toBe(false);
    expect(readdirSync(join(work, 'from-broken'))).toEqual([]);
    // A good one is copied whole, into place.
    expect(copyTemplate(templateDir, pgDir)).toBe(true);
    expect(readdirSync(join(work, 'from-broken'))).toEqual(['pg']);
    expect(systemIdOf(pgDir)).toBe(templateId);
  });
});

describe('the demo template', () => {
  it('is found while its demo ends less than a day ago, for its own count only', () => {
    const manifest = JSON.parse(readFileSync(join(demoDir, 'template.json'), 'utf8'));
    expect(manifest.demo).toMatchObject(demo);
    const at = Date.parse(manifest.demo.at);
    expect(Date.now() - at).toBeGreaterThanOrEqual(0);
    expect(Date.now() - at).toBeLessThan(10 * 60_000);
    expect(findDemoTemplate(templates, demo, new Date())?.dir).toBe(demoDir);
    expect(findDemoTemplate(templates, demo, new Date(at + DEMO_TEMPLATE_MAX_AGE_MS - 1))).toEqual({
      dir: demoDir,
      demo: manifest.demo,
    });
    expect(findDemoTemplate(templates, demo, new Date(at + DEMO_TEMPLATE_MAX_AGE_MS))).toBe(
      undefined,
    );
    expect(findDemoTemplate(templates, { ...demo, requests: 31 }, new Date())).toBe(undefined);
    // Its fingerprint is its own: the empty template is not taken for it, nor it for another.
    expect(demoPrint).not.toBe(fingerprint);
    expect(demoFingerprint(migrationsFolder, { ...demo, requests: 31 })).not.toBe(demoPrint);
  });

  it('copied, holds the demo organisation and its requests with their figures', {
    timeout: 120_000,
  }, async () => {
    const database = await openDatabase({
      dataDir: join(work, 'from-demo'),
      templates,
      preferTemplate: demoDir,
    });
    try {
      expect(database.copiedFrom).toBe(demoDir);
      await database.migrate();
      const [counts] = await rows<{
        people: number;
        requests: number;
        events: number;
        queued: number;
      }>(
        database,
        `select (select count(*)::int from people) as people,
                (select count(*)::int from requests) as requests,
                (select count(*)::int from events) as events,
                (select count(*)::int from figure_queue) as queued`,
      );
      expect(counts!.people).toBeGreaterThan(5);
      expect(counts!.requests).toBe(demo.requests);
      expect(counts!.events).toBeGreaterThan(demo.requests);
      // The figures were counted before the template was written: nothing waits to be projected.
      expect(counts!.queued).toBe(0);
    } finally {
      await database.close();
    }
  });

  it('is what a start on a new data directory copies instead of writing the demo', {
    timeout: 120_000,
  }, async () => {
    const dataDir = join(work, 'served');
    const port = String(20_000 + Math.floor(Math.random() * 20_000));
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/server.ts'], {
      cwd: root,
      env: {
        ...process.env,
        DATABASE_URL: '',
        DATA_DIR: dataDir,
        PORT: port,
        TEMPLATE_DIR: templates,
        DEMO_REQUESTS: String(demo.requests),
        LOG_LEVEL: 'info',
      },
    });
    let output = '';
    child.stdout.on('data', (d) => {
      output += d;
    });
    child.stderr.on('data', (d) => {
      output += d;
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    try {
      const began = Date.now();
      while (!output.includes('Followthrough is ready')) {
        if (child.exitCode !== null || Date.now() - began > 100_000) throw new Error(output);
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(output).toContain('is copied from the build');
      expect(output).not.toContain('Writing the demo organisation');
      const login = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'staff@example.org', password: 'followthrough' }),
      });
      expect(login.status).toBe(200);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(systemIdOf(join(dataDir, 'pg'))).toBe(systemIdOf(join(demoDir, 'pg')));
  });
});
