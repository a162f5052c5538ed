import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generatedFunctions } from './generated';

/**
 * Functions, triggers and views are code, not migrations: drizzle-kit's
 * migrations keep the tables and indexes, and after them, at every start,
 * the functions written from domain/ (db/generated.ts) and then the files of
 * db/sql/ in name order are applied. Each statement is CREATE OR REPLACE (or
 * a DROP … IF EXISTS of what they replace), so changing one is an edit.
 */
export const sqlFolder = resolve(dirname(fileURLToPath(import.meta.url)), 'sql');

export function sqlCode(): { name: string; text: string }[] {
  const files = readdirSync(sqlFolder)
    .filter((f) => f.endsWith('.sql'))
    .sort()
    .map((name) => ({ name, text: readFileSync(join(sqlFolder, name), 'utf8') }));
  return [
    {
      name: 'generated',
      text: generatedFunctions()
        .map((f) => f.definition)
        .join('\n\n'),
    },
    ...files,
  ];
}

/** Names "applying the SQL code" across processes: one at a time, each in its transaction. */
export const SQL_CODE_LOCK = 7_412_001;
