import { z } from 'zod';
import { isoDateTime, text, uuid } from './common';

/**
 * Registered assets (SPEC §14): equipment and rooms a QR label names. The tag is the short
 * code on the label ("TM-03"), unique ignoring case, and what a label's link carries.
 */
export const assetTagPattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$/;
export const assetTag = z
  .string()
  .trim()
  .regex(assetTagPattern, 'Letters, digits, dot, dash or underscore; at most 32; no spaces');

export const asset = z
  .object({
    id: uuid,
    name: z.string(),
    tag: z.string(),
    locationId: uuid.nullable(),
    categoryId: uuid.nullable(),
    active: z.boolean(),
    createdAt: isoDateTime,
  })
  .meta({ id: 'Asset' });
export type Asset = z.infer<typeof asset>;

/** What an asset's page shows beside its requests: how often it fails, and how fast it is fixed. */
export const assetFigures = z
  .object({
    /** Requests logged against it since 1 January (the server's time zone: UTC). */
    requestsThisYear: z.number().int(),
    /** Median minutes from logging to the requester's confirmation, over those confirmed this year. */
    medianMinutesToOutcome: z.number().nullable(),
    /** Requests of this year reopened at least once. */
    reopenedThisYear: z.number().int(),
    openNow: z.number().int(),
  })
  .meta({ id: 'AssetFigures' });
export type AssetFigures = z.infer<typeof assetFigures>;

export const assetDetail = asset.extend({ figures: assetFigures }).meta({ id: 'AssetDetail' });
export type AssetDetail = z.infer<typeof assetDetail>;

export const assetsQuery = z
  .object({
    q: z.string().trim().max(100).optional(),
    locationId: uuid.optional(),
    active: z.enum(['true', 'false']).optional(),
  })
  .strict();
export type AssetsQuery = z.infer<typeof assetsQuery>;

export const createAssetBody = z
  .object({
    name: text(120),
    tag: assetTag,
    locationId: uuid.nullable().optional(),
    categoryId: uuid.nullable().optional(),
    active: z.boolean().optional(),
  })
  .strict();
export type CreateAssetBody = z.infer<typeof createAssetBody>;

export const updateAssetBody = z
  .object({
    name: text(120),
    tag: assetTag,
    locationId: uuid.nullable(),
    categoryId: uuid.nullable(),
    active: z.boolean(),
  })
  .partial()
  .strict()
  .refine((body) => Object.keys(body).length > 0, { message: 'Send at least one field to change' });
export type UpdateAssetBody = z.infer<typeof updateAssetBody>;

/**
 * A bulk import: CSV text with the header `name,tag,location,category` (location and category
 * by name, either may be empty). Every row is checked first; one bad row imports nothing.
 */
export const importAssetsBody = z
  .object({ csv: z.string().min(1, 'Required').max(2_000_000, 'At most 2 MB of CSV') })
  .strict();
export type ImportAssetsBody = z.infer<typeof importAssetsBody>;

export const importAssetsResult = z
  .object({ created: z.number().int(), assets: z.array(asset) })
  .meta({ id: 'AssetImport' });
export type ImportAssetsResult = z.infer<typeof importAssetsResult>;

/** Where a label's QR code sends a phone: the New request form, filled in. */
export const assetReportPath = (tag: string) => `/new?asset=${encodeURIComponent(tag)}`;
export const locationReportPath = (id: string) => `/new?location=${encodeURIComponent(id)}`;
