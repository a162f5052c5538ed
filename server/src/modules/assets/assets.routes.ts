import {
  asset,
  assetDetail,
  assetReportPath,
  assetsQuery,
  createAssetBody,
  idParams,
  importAssetsBody,
  importAssetsResult,
  locationReportPath,
  problem,
  updateAssetBody,
} from '@followthrough/shared';
import { eq, sql } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import QRCode from 'qrcode';
import { z } from 'zod';
import { isUuid } from '../../db/errors';
import { assets, locations } from '../../db/schema';
import { notFound } from '../../domain/errors';
import { personOf } from '../../plugins/auth';
import { createAsset, getAsset, importAssets, listAssets, updateAsset } from './assets.service';

export interface AssetsRoutesOptions {
  /** Where labels point; unset: the address the call came to. */
  publicUrl?: string | undefined;
}

const writeErrors = { 400: problem, 401: problem, 403: problem, 404: problem, 409: problem };

/** A QR code as SVG: error correction M survives a scuffed label; a quiet zone of 2 modules. */
const qrSvg = (text: string) =>
  QRCode.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });

/** Registered assets and their QR labels (SPEC §14). Reads: everyone; writes: admins. */
const assetsRoutes: FastifyPluginAsyncZod<AssetsRoutesOptions> = async (app, opts) => {
  const baseUrl = (request: { protocol: string; host: string }) =>
    (opts.publicUrl ?? `${request.protocol}://${request.host}`).replace(/\/+$/, '');

  app.get(
    '/api/assets',
    {
      schema: {
        tags: ['assets'],
        summary: 'Assets, by name; filter by text (name or tag), location or active',
        querystring: assetsQuery,
        response: { 200: z.array(asset), 400: problem, 401: problem },
      },
    },
    async (request) => listAssets(app.db, request.query),
  );

  app.get(
    '/api/assets/:id',
    {
      schema: {
        tags: ['assets'],
        summary: 'One asset, by id or tag, with its figures for the year',
        params: idParams,
        response: { 200: assetDetail, 401: problem, 404: problem },
      },
    },
    async (request) => getAsset(app.db, request.params.id, app.now()),
  );

  app.post(
    '/api/assets',
    {
      schema: {
        tags: ['assets'],
        summary: 'Register an asset (admins); tags unique ignoring case',
        body: createAssetBody,
        response: { 201: asset, ...writeErrors },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await createAsset(app.db, personOf(request), request.body)),
  );

  app.patch(
    '/api/assets/:id',
    {
      schema: {
        tags: ['assets'],
        summary: 'Change or (de)activate an asset (admins)',
        params: idParams,
        body: updateAssetBody,
        response: { 200: asset, ...writeErrors },
      },
    },
    async (request) => updateAsset(app.db, personOf(request), request.params.id, request.body),
  );

  app.post(
    '/api/assets/import',
    {
      schema: {
        tags: ['assets'],
        summary:
          'Import assets from CSV (name,tag,location,category) (admins); one bad line imports nothing',
        body: importAssetsBody,
        response: { 201: importAssetsResult, ...writeErrors, 422: problem },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await importAssets(app.db, personOf(request), request.body.csv)),
  );

  app.get(
    '/api/assets/:id/qr.svg',
    {
      schema: {
        tags: ['assets'],
        summary: "The asset's QR label: a link to the New request form with the asset filled in",
        params: idParams,
        produces: ['image/svg+xml'],
        response: { 401: problem, 404: problem },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      if (!isUuid(id)) throw notFound('Asset');
      const [row] = await app.db.select({ tag: assets.tag }).from(assets).where(eq(assets.id, id));
      if (!row) throw notFound('Asset');
      return svgReply(reply, await qrSvg(baseUrl(request) + assetReportPath(row.tag)));
    },
  );

  app.get(
    '/api/locations/:id/qr.svg',
    {
      schema: {
        tags: ['assets'],
        summary: "The location's QR label: a link to the New request form with the location set",
        params: idParams,
        produces: ['image/svg+xml'],
        response: { 401: problem, 404: problem },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      if (!isUuid(id)) throw notFound('Location');
      const [row] = await app.db
        .select({ id: locations.id })
        .from(locations)
        .where(sql`${locations.id} = ${id}`);
      if (!row) throw notFound('Location');
      return svgReply(reply, await qrSvg(baseUrl(request) + locationReportPath(row.id)));
    },
  );
};

function svgReply(reply: import('fastify').FastifyReply, svg: string) {
  return (
    reply
      .type('image/svg+xml; charset=utf-8')
      // A label changes only with its tag; a day of caching spares a print sheet's refetches.
      .header('Cache-Control', 'private, max-age=86400')
      .header('X-Content-Type-Options', 'nosniff')
      .send(svg)
  );
}

export default assetsRoutes;
