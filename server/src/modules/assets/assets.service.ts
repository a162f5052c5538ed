import type {
  Asset,
  AssetDetail,
  AssetsQuery,
  CreateAssetBody,
  ImportAssetsResult,
  UpdateAssetBody,
} from '@followthrough/shared';
import { assetTagPattern } from '@followthrough/shared';
import { parse } from 'csv-parse/sync';
import { and, asc, eq, ilike, inArray, or, type SQL, sql } from 'drizzle-orm';
import { isUniqueViolation, isUuid } from '../../db/errors';
import { queryRows } from '../../db/raw';
import { assets, categories, locations } from '../../db/schema';
import type { Db, Executor } from '../../db/types';
import { DomainError, fieldError, notFound } from '../../domain/errors';
import { recordAudit } from '../audit/audit.queries';
import type { SignedInPerson } from '../auth/auth.types';

type Row = typeof assets.$inferSelect;
const view = (r: Row): Asset => ({
  id: r.id,
  name: r.name,
  tag: r.tag,
  locationId: r.locationId,
  categoryId: r.categoryId,
  active: r.active,
  createdAt: r.createdAt.toISOString(),
});

const tagTaken = (tag: string) =>
  new DomainError(409, 'TAG_TAKEN', `The tag ${tag} is already on another asset.`, {
    errors: [{ path: 'tag', message: 'Already on another asset' }],
  });

async function withUniqueTag<T>(tag: string | undefined, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (tag !== undefined && isUniqueViolation(err)) throw tagTaken(tag);
    throw err;
  }
}

/** The location and category an asset names must exist (inactive ones may stay named). */
async function checkRefs(
  tx: Executor,
  body: { locationId?: string | null | undefined; categoryId?: string | null | undefined },
) {
  if (body.locationId) {
    const [l] = await tx
      .select({ id: locations.id })
      .from(locations)
      .where(eq(locations.id, body.locationId));
    if (!l) throw fieldError('locationId', 'No such location');
  }
  if (body.categoryId) {
    const [c] = await tx
      .select({ id: categories.id })
      .from(categories)
      .where(eq(categories.id, body.categoryId));
    if (!c) throw fieldError('categoryId', 'No such category');
  }
}

export async function listAssets(db: Executor, query: AssetsQuery): Promise<Asset[]> {
  const where: SQL[] = [];
  if (query.q) {
    const like = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    where.push(or(ilike(assets.name, like), ilike(assets.tag, like))!);
  }
  if (query.locationId) where.push(eq(assets.locationId, query.locationId));
  if (query.active !== undefined) where.push(eq(assets.active, query.active === 'true'));
  const rows = await db
    .select()
    .from(assets)
    .where(where.length ? and(...where) : undefined)
    .orderBy(asc(assets.name), asc(assets.tag));
  return rows.map(view);
}

/** An asset by id or by tag (the label's code), with its figures for the year. */
export async function getAsset(db: Executor, idOrTag: string, now: Date): Promise<AssetDetail> {
  const [row] = await db
    .select()
    .from(assets)
    .where(
      isUuid(idOrTag) ? eq(assets.id, idOrTag) : sql`lower(${assets.tag}) = lower(${idOrTag})`,
    );
  if (!row) throw notFound('Asset');
  const yearStart = new Date(Date.UTC(now.getUTCFullYear(), 0, 1)).toISOString();
  // One pass over the asset's own requests (requests_asset_idx): small, whatever the table.
  const [f] = await queryRows<{
    this_year: number;
    reopened: number;
    open_now: number;
    median: number | null;
  }>(
    db,
    sql`select
          count(*) filter (where created_at >= ${yearStart}::timestamptz)::int as this_year,
          count(*) filter (where created_at >= ${yearStart} and reopen_count > 0)::int as reopened,
          count(*) filter (where status in ('new', 'in_progress', 'waiting'))::int as open_now,
          percentile_cont(0.5) within group (order by extract(epoch from closed_at - created_at) / 60)
            filter (where close_reason in ('confirmed', 'auto_confirmed') and closed_at >= ${yearStart}::timestamptz)
            as median
        from requests where asset_id = ${row.id}`,
  );
  return {
    ...view(row),
    figures: {
      requestsThisYear: f?.this_year ?? 0,
      reopenedThisYear: f?.reopened ?? 0,
      openNow: f?.open_now ?? 0,
      medianMinutesToOutcome: f?.median == null ? null : Math.round(Number(f.median)),
    },
  };
}

export async function createAsset(db: Db, admin: SignedInPerson, body: CreateAssetBody) {
  return db.transaction(async (tx) => {
    await checkRefs(tx, body);
    const [row] = await withUniqueTag(body.tag, () =>
      tx
        .insert(assets)
        .values({
          name: body.name,
          tag: body.tag,
          locationId: body.locationId ?? null,
          categoryId: body.categoryId ?? null,
          active: body.active ?? true,
        })
        .returning(),
    );
    const after = view(row!);
    await recordAudit(tx, {
      actorId: admin.id,
      entityType: 'asset',
      entityId: after.id,
      action: 'created',
      after,
    });
    return after;
  });
}

export async function updateAsset(
  db: Db,
  admin: SignedInPerson,
  id: string,
  body: UpdateAssetBody,
) {
  if (!isUuid(id)) throw notFound('Asset');
  return db.transaction(async (tx) => {
    const [current] = await tx.select().from(assets).where(eq(assets.id, id)).for('update');
    if (!current) throw notFound('Asset');
    await checkRefs(tx, body);
    const [row] = await withUniqueTag(body.tag, () =>
      tx.update(assets).set(body).where(eq(assets.id, id)).returning(),
    );
    const before = view(current);
    const after = view(row!);
    await recordAudit(tx, {
      actorId: admin.id,
      entityType: 'asset',
      entityId: id,
      action: 'updated',
      before,
      after,
    });
    return after;
  });
}

const importColumns = ['name', 'tag', 'location', 'category'] as const;

const importProblem = (errors: { path: string; message: string }[]) =>
  new DomainError(
    422,
    'IMPORT_INVALID',
    `Nothing was imported: ${errors.length} ${errors.length === 1 ? 'problem' : 'problems'} to fix first (${errors[0]!.path}: ${errors[0]!.message}).`,
    { errors },
  );

/**
 * Imports assets from CSV (`name,tag,location,category`, location and category by name). Every
 * row is checked before anything is written, and one bad row imports nothing; errors name the
 * line as a spreadsheet shows it (the header is line 1).
 */
export async function importAssets(
  db: Db,
  admin: SignedInPerson,
  csv: string,
): Promise<ImportAssetsResult> {
  let records: string[][];
  try {
    records = parse(csv, {
      skip_empty_lines: true,
      trim: true,
      bom: true,
      relax_column_count: true,
    });
  } catch (err) {
    const line = (err as { lines?: number }).lines;
    throw importProblem([
      {
        path: line ? `line ${line}` : 'csv',
        message: `Not readable as CSV: ${(err as Error).message}`,
      },
    ]);
  }
  const [header, ...rows] = records;
  const names = (header ?? []).map((h) => h.toLowerCase());
  const missingColumns = ['name', 'tag'].filter((c) => !names.includes(c));
  if (!header || missingColumns.length > 0) {
    throw importProblem([
      {
        path: 'line 1',
        message: `The first line must name the columns: ${importColumns.join(',')} (missing ${missingColumns.join(', ') || 'name, tag'})`,
      },
    ]);
  }
  const unknown = names.filter((n) => !(importColumns as readonly string[]).includes(n));
  if (unknown.length > 0) {
    throw importProblem([{ path: 'line 1', message: `Unknown column ${unknown[0]}` }]);
  }
  if (rows.length === 0) throw importProblem([{ path: 'line 2', message: 'No assets to import' }]);
  if (rows.length > 5000) {
    throw importProblem([{ path: 'csv', message: 'At most 5,000 assets per import' }]);
  }
  const col = (r: string[], name: (typeof importColumns)[number]) => {
    const i = names.indexOf(name);
    return i < 0 ? '' : (r[i] ?? '').trim();
  };

  return db.transaction(async (tx) => {
    const locs = await tx.select({ id: locations.id, name: locations.name }).from(locations);
    const cats = await tx.select({ id: categories.id, name: categories.name }).from(categories);
    const locByName = new Map(locs.map((l) => [l.name.toLowerCase(), l.id]));
    const catByName = new Map(cats.map((c) => [c.name.toLowerCase(), c.id]));
    const tags = rows.map((r) => col(r, 'tag'));
    const wanted = tags.filter(Boolean).map((t) => t.toLowerCase());
    const existing =
      wanted.length === 0
        ? []
        : await tx
            .select({ tag: assets.tag })
            .from(assets)
            .where(inArray(sql`lower(${assets.tag})`, wanted));
    const taken = new Set(existing.map((e) => e.tag.toLowerCase()));
    const seen = new Map<string, number>();
    const errors: { path: string; message: string }[] = [];
    const values = rows.map((r, i) => {
      const line = i + 2;
      const say = (message: string) => errors.push({ path: `line ${line}`, message });
      const name = col(r, 'name');
      const tag = col(r, 'tag');
      const location = col(r, 'location');
      const category = col(r, 'category');
      if (!name) say('name is empty');
      else if (name.length > 120) say('name is longer than 120 characters');
      if (!tag) say('tag is empty');
      else if (!assetTagPattern.test(tag)) {
        say(`tag ${tag}: letters, digits, dot, dash or underscore; at most 32; no spaces`);
      } else if (taken.has(tag.toLowerCase())) say(`tag ${tag} is already on another asset`);
      else if (seen.has(tag.toLowerCase())) {
        say(`tag ${tag} is also on line ${seen.get(tag.toLowerCase())}`);
      }
      if (tag) seen.set(tag.toLowerCase(), seen.get(tag.toLowerCase()) ?? line);
      const locationId = location ? locByName.get(location.toLowerCase()) : null;
      if (location && !locationId) say(`no location is named ${location}`);
      const categoryId = category ? catByName.get(category.toLowerCase()) : null;
      if (category && !categoryId) say(`no category is named ${category}`);
      return { name, tag, locationId: locationId ?? null, categoryId: categoryId ?? null };
    });
    if (errors.length > 0) throw importProblem(errors.slice(0, 100));
    // Another import may take a tag between the check and the insert: still one answer.
    const inserted = await withUniqueTag('of one of these rows', () =>
      tx.insert(assets).values(values).returning(),
    );
    const created = inserted.map(view);
    await recordAudit(
      tx,
      ...created.map((after) => ({
        actorId: admin.id,
        entityType: 'asset' as const,
        entityId: after.id,
        action: 'imported',
        after,
      })),
    );
    return { created: created.length, assets: created };
  });
}
