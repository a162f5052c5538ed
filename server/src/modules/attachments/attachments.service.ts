import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import type { Attachment, AttachmentType } from '@followthrough/shared';
import { and, asc, count, eq, sql } from 'drizzle-orm';
import { isUuid } from '../../db/errors';
import { attachmentPreviews, attachments, people } from '../../db/schema';
import type { Db, Executor } from '../../db/types';
import { addAttachment, refuseUpload, removeAttachment } from '../../domain/attachments';
import type { ActionContext, Change } from '../../domain/change';
import { DomainError, errorOf, notFound } from '../../domain/errors';
import type { Settings } from '../../domain/lifecycle';
import { actorOf } from '../auth/auth.service';
import type { SignedInPerson } from '../auth/auth.types';
import { commitChanges, writeTransaction } from '../requests/commit';
import { parseIfMatch } from '../requests/mutation';
import { parseIdOrKey, readState } from '../requests/requests.queries';
import type { Prepared } from './attachments.media';

/**
 * A UUIDv7 (time first, then a counter within the millisecond): a request's attachments sort
 * in the order they came, even when the clock gives them one `createdAt`.
 */
let lastMs = 0;
let seq = 0;
function timeOrderedId(): string {
  const ms = Date.now();
  seq = ms === lastMs ? (seq + 1) & 0xfff : 0;
  lastMs = ms;
  const b = randomBytes(16);
  b.writeUIntBE(ms, 0, 6);
  b[6] = 0x70 | (seq >> 8);
  b[7] = seq & 0xff;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

const metaColumns = {
  id: attachments.id,
  requestId: attachments.requestId,
  filename: attachments.filename,
  contentType: attachments.contentType,
  size: attachments.size,
  width: attachments.width,
  height: attachments.height,
  sha256: attachments.sha256,
  uploadedById: attachments.uploadedById,
  uploaderName: people.name,
  uploaderActive: people.active,
  createdAt: attachments.createdAt,
  hasPreview: sql<boolean>`exists (select 1 from ${attachmentPreviews} p where p.attachment_id = ${attachments.id})`,
};

type MetaRow = {
  id: string;
  requestId: string;
  filename: string;
  contentType: string;
  size: number;
  width: number | null;
  height: number | null;
  sha256: string;
  uploadedById: string;
  uploaderName: string;
  uploaderActive: boolean;
  createdAt: Date;
  hasPreview: boolean;
};

function wire(r: MetaRow): Attachment {
  return {
    id: r.id,
    requestId: r.requestId,
    filename: r.filename,
    contentType: r.contentType as AttachmentType,
    size: r.size,
    ...(r.width !== null ? { width: r.width } : {}),
    ...(r.height !== null ? { height: r.height } : {}),
    hasPreview: r.hasPreview === true || String(r.hasPreview) === 't',
    uploadedBy: { id: r.uploadedById, name: r.uploaderName, active: r.uploaderActive },
    createdAt: r.createdAt.toISOString(),
  };
}

/** One attachment's details, or undefined. */
export async function findAttachment(db: Executor, id: string): Promise<MetaRow | undefined> {
  if (!isUuid(id)) return undefined;
  const [row] = await db
    .select(metaColumns)
    .from(attachments)
    .innerJoin(people, eq(people.id, attachments.uploadedById))
    .where(eq(attachments.id, id.toLowerCase()));
  return row;
}

export const attachmentOf = wire;

async function requestRef(db: Executor, idOrKey: string) {
  const ref = parseIdOrKey(idOrKey);
  const found = ref ? await readState(db, ref) : undefined;
  if (!found) throw notFound(`Request ${idOrKey}`);
  return found;
}

/** A request's attachments, oldest first. */
export async function listAttachments(db: Db, idOrKey: string): Promise<Attachment[]> {
  const { state } = await requestRef(db, idOrKey);
  const rows = await db
    .select(metaColumns)
    .from(attachments)
    .innerJoin(people, eq(people.id, attachments.uploadedById))
    .where(eq(attachments.requestId, state.id))
    .orderBy(asc(attachments.createdAt), asc(attachments.id));
  return rows.map(wire);
}

const countOf = async (db: Executor, requestId: string) => {
  const [row] = await db
    .select({ n: count() })
    .from(attachments)
    .where(eq(attachments.requestId, requestId));
  return Number(row?.n ?? 0);
};

/** Refuses an upload before its body is read: unknown request, closed, or full. */
export async function checkUpload(db: Db, idOrKey: string) {
  const { state } = await requestRef(db, idOrKey);
  const refused = refuseUpload(state, await countOf(db, state.id));
  if (refused) throw errorOf(refused);
  return state.id;
}

export interface UploadInput {
  requestId: string;
  person: SignedInPerson;
  now: Date;
  settings: Settings;
  ifMatch?: string | undefined;
  filename: string;
  contentType: AttachmentType;
  prepared: Prepared;
}

/** A name safe to store and show: no path, no control characters, not empty. */
export function cleanFilename(name: string | undefined, type: AttachmentType): string {
  const base = (name ?? '').split(/[\\/]/).pop() ?? '';
  const clean = [...base]
    .filter((ch) => ch.charCodeAt(0) >= 0x20 && ch.charCodeAt(0) !== 0x7f)
    .join('')
    .trim()
    .slice(0, 200);
  if (clean) return clean;
  const ext = {
    'image/jpeg': 'jpg',
    'image/png': 'png',
    'image/webp': 'webp',
    'image/heic': 'heic',
    'image/gif': 'gif',
    'application/pdf': 'pdf',
  }[type];
  return `attachment.${ext}`;
}

/**
 * Adds an attachment: the request's row is locked, the count and state checked again, and
 * the bytes and the attachment_added event written in the one transaction, through the
 * commit path every change to a request takes.
 */
export async function uploadAttachment(db: Db, input: UploadInput): Promise<Attachment> {
  const expected = parseIfMatch(input.ifMatch);
  const id = timeOrderedId();
  const ctx: ActionContext = {
    actor: actorOf(input.person),
    now: input.now,
    settings: input.settings,
  };
  const { bytes } = input.prepared;
  await writeTransaction(db, async (tx) => {
    const found = await readState(tx, { id: input.requestId }, { lock: true });
    if (!found) throw notFound(`Request ${input.requestId}`);
    staleCheck(expected, found.version);
    const outcome = addAttachment(found.state, ctx, await countOf(tx, found.state.id), {
      id,
      filename: input.filename,
      contentType: input.contentType,
      size: bytes.length,
      uploadedById: input.person.id,
    });
    if (!outcome.ok) throw errorOf(outcome);
    await tx.insert(attachments).values({
      id,
      requestId: found.state.id,
      filename: input.filename,
      contentType: input.contentType,
      size: bytes.length,
      width: input.prepared.width ?? null,
      height: input.prepared.height ?? null,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      uploadedById: input.person.id,
      createdAt: input.now,
      content: bytes,
    });
    const preview = input.prepared.preview;
    if (preview) {
      await tx
        .insert(attachmentPreviews)
        .values({ attachmentId: id, contentType: preview.contentType, content: preview.bytes });
    }
    await commitChanges(tx, [outcome.change]);
  });
  const row = await findAttachment(db, id);
  if (!row) throw notFound('Attachment');
  return wire(row);
}

function staleCheck(expected: number | undefined, version: number) {
  if (expected !== undefined && expected !== version) {
    throw new DomainError(
      412,
      'STALE_VERSION',
      `The request changed since you loaded it (you had version ${expected}; it is now ${version}). Reload and try again.`,
      { currentVersion: version },
    );
  }
}

/** Removes an attachment and its bytes, recording attachment_added's counterpart. */
export async function deleteAttachment(
  db: Db,
  input: { id: string; person: SignedInPerson; now: Date; settings: Settings },
) {
  const meta = await findAttachment(db, input.id);
  if (!meta) throw notFound('Attachment');
  const ctx: ActionContext = {
    actor: actorOf(input.person),
    now: input.now,
    settings: input.settings,
  };
  await writeTransaction(db, async (tx) => {
    const found = await readState(tx, { id: meta.requestId }, { lock: true });
    if (!found) throw notFound('Attachment');
    const outcome = removeAttachment(found.state, ctx, {
      id: meta.id,
      filename: meta.filename,
      uploadedById: meta.uploadedById,
    });
    if (!outcome.ok) throw errorOf(outcome);
    const gone = await tx
      .delete(attachments)
      .where(and(eq(attachments.id, meta.id), eq(attachments.requestId, found.state.id)))
      .returning({ id: attachments.id });
    // Removed by someone else meanwhile: nothing to record.
    if (gone.length === 0) throw notFound('Attachment');
    const change: Change = outcome.change;
    await commitChanges(tx, [change]);
  });
}

/** Bytes read in slices of this size, so serving a file never holds all of it. */
const SLICE = 1024 * 1024;

/**
 * The stored bytes as a stream, a slice per query (the column is stored uncompressed, so a
 * slice reads only its own pages).
 */
export function contentStream(db: Db, id: string, size: number): Readable {
  let offset = 0;
  return new Readable({
    highWaterMark: SLICE,
    async read() {
      try {
        if (offset >= size) {
          this.push(null);
          return;
        }
        const [row] = await db
          .select({
            chunk:
              sql<Buffer>`substring(${attachments.content} from ${offset + 1}::int for ${SLICE}::int)`.mapWith(
                attachments.content,
              ),
          })
          .from(attachments)
          .where(eq(attachments.id, id));
        if (!row || row.chunk.length === 0) {
          this.push(null);
          return;
        }
        offset += row.chunk.length;
        this.push(row.chunk);
      } catch (err) {
        this.destroy(err as Error);
      }
    },
  });
}

export async function previewOf(db: Db, id: string) {
  if (!isUuid(id)) return undefined;
  const [row] = await db
    .select({ contentType: attachmentPreviews.contentType, content: attachmentPreviews.content })
    .from(attachmentPreviews)
    .where(eq(attachmentPreviews.attachmentId, id.toLowerCase()));
  return row;
}
