import multipart from '@fastify/multipart';
import { attachment, attachmentList, problem, requestParams } from '@followthrough/shared';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DomainError, notFound } from '../../domain/errors';
import type { Settings } from '../../domain/lifecycle';
import { personOf } from '../../plugins/auth';
import type { SignedInPerson } from '../auth/auth.types';
import { prepare, recognise } from './attachments.media';
import {
  checkUpload,
  cleanFilename,
  contentStream,
  deleteAttachment,
  findAttachment,
  listAttachments,
  previewOf,
  uploadAttachment,
} from './attachments.service';
import { UPLOAD_ROUTE } from './upload-route';

const idParams = z.object({ id: z.string() });
// Room for the multipart framing around the file itself.
const FRAMING = 64 * 1024;

const tooLarge = (max: number) =>
  new DomainError(
    413,
    'PAYLOAD_TOO_LARGE',
    `file: An attachment may be at most ${Math.floor(max / 1024)} KiB (${max} bytes).`,
    { errors: [{ path: 'file', message: `At most ${max} bytes` }] },
  );

/**
 * Uploads read and processed at once. Each holds its file (and sharp its pixels) in memory,
 * so the rest wait unread, their senders held back by TCP: memory grows with this number
 * times the file size, not with the number of connections.
 */
const UPLOADS_AT_ONCE = 2;

/** A first-come queue of `slots` turns. */
function turns(slots: number) {
  let free = slots;
  const waiting: (() => void)[] = [];
  return async function take(): Promise<() => void> {
    if (free > 0) free--;
    else await new Promise<void>((resolve) => waiting.push(resolve));
    let given = false;
    return () => {
      if (given) return;
      given = true;
      const next = waiting.shift();
      if (next) next();
      else free++;
    };
  };
}

/** `filename="…"` for old readers (ASCII, quotes escaped) and `filename*` for the real name. */
export function disposition(kind: 'inline' | 'attachment', filename: string) {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(filename).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** Headers that keep an upload from ever rendering as a page of this site. */
function guarded(reply: FastifyReply, contentType: string, etag: string): FastifyReply {
  return reply
    .header('content-type', contentType)
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', "sandbox; default-src 'none'")
    .header('cross-origin-resource-policy', 'same-origin')
    .header('etag', etag)
    .header('cache-control', 'private, max-age=31536000, immutable');
}

const notModified = (ifNoneMatch: string | undefined, etag: string) =>
  ifNoneMatch !== undefined &&
  ifNoneMatch.split(',').some((t) => t.trim().replace(/^W\//, '') === etag);

/** Photos and documents on requests (SPEC §14). */
const attachmentsRoutes: FastifyPluginAsyncZod<{ settings: Settings; maxBytes: number }> = async (
  app,
  opts,
) => {
  const { settings, maxBytes } = opts;
  const uploadTurn = turns(UPLOADS_AT_ONCE);
  // Registered here, so multipart bodies are parsed for these routes only.
  await app.register(multipart, {
    limits: { fileSize: maxBytes, files: 1, fields: 4, parts: 5, fieldSize: 1024 },
    throwFileSizeLimit: false,
  });

  app.post(
    UPLOAD_ROUTE,
    {
      schema: {
        tags: ['attachments'],
        summary:
          'Attach a photo or PDF (multipart, field `file`): JPEG, PNG, WebP, HEIC, GIF or PDF by content; location metadata is removed from photos',
        consumes: ['multipart/form-data'],
        params: requestParams,
        response: {
          201: attachment,
          400: problem,
          401: problem,
          403: problem,
          404: problem,
          409: problem,
          412: problem,
          413: problem,
          415: problem,
        },
      },
    },
    async (request, reply) => {
      const person = personOf(request);
      if (!request.isMultipart()) {
        throw new DomainError(
          415,
          'UNSUPPORTED_MEDIA_TYPE',
          'Send the file as multipart/form-data in the field "file".',
        );
      }
      // A body announced larger than any allowed file is refused before a byte is read.
      if (Number(request.headers['content-length'] ?? 0) > maxBytes + FRAMING) {
        throw tooLarge(maxBytes);
      }
      const requestId = await checkUpload(app.db, request.params.id);
      const done = await uploadTurn();
      try {
        return await receive(request, reply, requestId, person);
      } finally {
        done();
      }
    },
  );

  /** Reads the one file as it streams, recognises it, prepares it and commits it. */
  async function receive(
    request: FastifyRequest,
    reply: FastifyReply,
    requestId: string,
    person: SignedInPerson,
  ) {
    const part = await request.file();
    if (!part || part.fieldname !== 'file') {
      throw new DomainError(400, 'VALIDATION_FAILED', 'file: Required', {
        errors: [{ path: 'file', message: 'Send the file in the field "file"' }],
      });
    }
    // Read as it streams; busboy stops keeping bytes at the limit and marks the part truncated.
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of part.file) {
      if (part.file.truncated) break;
      chunks.push(chunk as Buffer);
      size += (chunk as Buffer).length;
    }
    if (part.file.truncated || size > maxBytes) {
      chunks.length = 0;
      part.file.resume();
      throw tooLarge(maxBytes);
    }
    if (size === 0) {
      throw new DomainError(400, 'VALIDATION_FAILED', 'file: The file is empty', {
        errors: [{ path: 'file', message: 'The file is empty' }],
      });
    }
    const bytes = Buffer.concat(chunks, size);
    chunks.length = 0;
    const type = await recognise(bytes);
    if (!type) {
      throw new DomainError(
        415,
        'UNSUPPORTED_MEDIA_TYPE',
        'file: Only JPEG, PNG, WebP, HEIC, GIF and PDF files are accepted, recognised from their content.',
        { errors: [{ path: 'file', message: 'Not a JPEG, PNG, WebP, HEIC, GIF or PDF' }] },
      );
    }
    const created = await uploadAttachment(app.db, {
      requestId,
      person,
      now: app.now(),
      settings,
      ifMatch: request.headers['if-match'] as string | undefined,
      filename: cleanFilename(part.filename, type),
      contentType: type,
      prepared: await prepare(bytes, type),
    });
    return reply.code(201).header('location', `/api/attachments/${created.id}`).send(created);
  }

  app.get(
    '/api/requests/:id/attachments',
    {
      schema: {
        tags: ['attachments'],
        summary: "The request's attachments, oldest first",
        params: requestParams,
        response: { 200: attachmentList, 401: problem, 404: problem },
      },
    },
    async (request) => ({ items: await listAttachments(app.db, request.params.id) }),
  );

  app.get(
    '/api/attachments/:id',
    {
      schema: {
        tags: ['attachments'],
        summary:
          'The stored bytes with their type; images inline, others as a download, never as a page',
        params: idParams,
        response: { 401: problem, 404: problem },
      },
    },
    async (request, reply) => {
      const meta = await findAttachment(app.db, request.params.id);
      if (!meta) throw notFound('Attachment');
      const etag = `"${meta.sha256}"`;
      const kind = meta.contentType.startsWith('image/') ? 'inline' : 'attachment';
      const out = guarded(reply, meta.contentType, etag).header(
        'content-disposition',
        disposition(kind, meta.filename),
      );
      if (notModified(request.headers['if-none-match'], etag)) return out.code(304).send();
      out.header('content-length', meta.size);
      return out.send(contentStream(app.db, meta.id, meta.size));
    },
  );

  app.get(
    '/api/attachments/:id/preview',
    {
      schema: {
        tags: ['attachments'],
        summary: 'A small preview of an image (at most 480 px), when one could be made',
        params: idParams,
        response: { 401: problem, 404: problem },
      },
    },
    async (request, reply) => {
      const meta = await findAttachment(app.db, request.params.id);
      const preview = meta ? await previewOf(app.db, meta.id) : undefined;
      if (!meta || !preview) throw notFound('Preview');
      const etag = `"p-${meta.sha256}"`;
      const out = guarded(reply, preview.contentType, etag).header(
        'content-disposition',
        disposition('inline', `preview-${meta.filename}`),
      );
      if (notModified(request.headers['if-none-match'], etag)) return out.code(304).send();
      return out.send(preview.content);
    },
  );

  app.delete(
    '/api/attachments/:id',
    {
      schema: {
        tags: ['attachments'],
        summary: 'Remove an attachment and its bytes (its uploader, the owner, a lead or an admin)',
        params: idParams,
        response: { 204: z.null(), 401: problem, 403: problem, 404: problem },
      },
    },
    async (request, reply) => {
      await deleteAttachment(app.db, {
        id: request.params.id,
        person: personOf(request),
        now: app.now(),
        settings,
      });
      return reply.code(204).send(null);
    },
  );
};

export default attachmentsRoutes;
