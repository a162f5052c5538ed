import { z } from 'zod';
import { isoDateTime, personRef, uuid } from './common';

/** The types an attachment may be (SPEC §14), recognised from its bytes. */
export const attachmentTypes = [
  'image/jpeg',
  'image/png',
  'image/webp',
  'image/heic',
  'image/gif',
  'application/pdf',
] as const;
export type AttachmentType = (typeof attachmentTypes)[number];

/** At most this many attachments on one request. */
export const ATTACHMENTS_PER_REQUEST = 20;

/** A photo or document on a request; the bytes are at `/api/attachments/:id`. */
export const attachment = z
  .object({
    id: uuid,
    requestId: uuid,
    filename: z.string(),
    contentType: z.enum(attachmentTypes),
    size: z.number().int(),
    width: z.number().int().optional(),
    height: z.number().int().optional(),
    /** An image's small preview at `/api/attachments/:id/preview`. */
    hasPreview: z.boolean(),
    uploadedBy: personRef,
    createdAt: isoDateTime,
  })
  .meta({ id: 'Attachment' });
export type Attachment = z.infer<typeof attachment>;

export const attachmentList = z.object({ items: z.array(attachment) });
export type AttachmentList = z.infer<typeof attachmentList>;
