import { customType, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { people } from './directory';
import { requests } from './requests';

// postgres.js reads bytea as a Buffer, PGlite as a Uint8Array: one shape for both.
const bytea = customType<{ data: Buffer; driverData: Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (v) => (Buffer.isBuffer(v) ? v : Buffer.from(v.buffer, v.byteOffset, v.byteLength)),
});

/**
 * Photos and documents on a request (SPEC §14). The bytes are a column of their own row, not
 * of the request's, so reading a request never reads them; they are immutable once written.
 */
export const attachments = pgTable(
  'attachments',
  {
    id: uuid().primaryKey().defaultRandom(),
    requestId: uuid()
      .notNull()
      .references(() => requests.id),
    filename: text().notNull(),
    contentType: text().notNull(),
    size: integer().notNull(),
    width: integer(),
    height: integer(),
    // Hex sha-256 of the stored bytes: the ETag.
    sha256: text().notNull(),
    uploadedById: uuid()
      .notNull()
      .references(() => people.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    content: bytea().notNull(),
  },
  (t) => [index('attachments_request_idx').on(t.requestId, t.createdAt)],
);

/** An image's small preview, made once at upload; none when the image could not be decoded. */
export const attachmentPreviews = pgTable('attachment_previews', {
  attachmentId: uuid()
    .primaryKey()
    .references(() => attachments.id, { onDelete: 'cascade' }),
  contentType: text().notNull(),
  content: bytea().notNull(),
});
