import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { migrationsFolder, sqlFolder } from '../paths';
import { generatedFunctions } from './generated';

/**
 * Functions, triggers and views are code, not migrations: drizzle-kit's
 * migrations keep the tables and indexes, and after them, at every start,
 * the functions written from domain/ (db/generated.ts) and then the files of
 * db/sql/ in name order are applied. Each statement is CREATE OR REPLACE (or
 * a DROP … IF EXISTS of what they replace), so changing one is an edit.
 */
export { migrationsFolder, sqlFolder };

export interface SqlPart {
  name: string;
  text: string;
}

export function sqlCode(): SqlPart[] {
  const files = readdirSync(sqlFolder)
    .filter((f) => f.endsWith('.sql'))
    .sort()
    .map((name) => ({ name, text: readFileSync(join(sqlFolder, name), 'utf8') }));
  const parts = [
    {
      name: 'generated',
      text: generatedFunctions()
        .map((f) => f.definition)
        .join('\n\n'),
    },
    ...files,
  ];
  // Last, a mark of what was applied: a start that finds its code already there skips it.
  return [...parts, { name: 'version', text: versionFunction(versionOf(parts)) }];
}

function versionOf(parts: SqlPart[]) {
  const hash = createHash('sha256');
  for (const p of parts) hash.update(p.text).update('\0');
  return hash.digest('hex').slice(0, 32);
}

const versionBody = (version: string) => ` SELECT '${version}' `;
const versionFunction = (version: string) =>
  `CREATE OR REPLACE FUNCTION followthrough_sql_code() RETURNS text LANGUAGE sql IMMUTABLE AS $$${versionBody(version)}$$;`;

/** The hash of this code, what `followthrough_sql_code()` answers once it is applied. */
export function sqlCodeVersion(parts: SqlPart[]): string {
  return /'([0-9a-f]{32})'/.exec(parts.at(-1)!.text)![1]!;
}

/** A query answering whether the database already holds exactly this code (`current`). */
export function sqlCodeIsCurrent(parts: SqlPart[]): string {
  const version = sqlCodeVersion(parts);
  return `select exists (select 1 from pg_proc where proname = 'followthrough_sql_code'
    and prosrc = '${versionBody(version).replaceAll("'", "''")}') as current`;
}

/** Names "applying the SQL code" across processes: one at a time, each in its transaction. */
export const SQL_CODE_LOCK = 7_412_001;
