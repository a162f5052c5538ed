import { z } from 'zod';
import { isoDateTime, optionalText, personRef, text, uuid } from './common';

export const handoffStatuses = ['open', 'done', 'cancelled'] as const;
export const handoffStatus = z.enum(handoffStatuses);

export const handoff = z
  .object({
    id: uuid,
    requestId: uuid,
    to: z.string(),
    toPerson: personRef.nullable(),
    ask: z.string(),
    expectedBy: isoDateTime,
    status: handoffStatus,
    overdue: z.boolean(),
    createdBy: personRef,
    createdAt: isoDateTime,
    completedAt: isoDateTime.nullable(),
    note: z.string().nullable(),
  })
  .meta({ id: 'Handoff' });
export type Handoff = z.infer<typeof handoff>;

export const createHandoffBody = z
  .object({
    to: text(200),
    ask: text(2000),
    expectedBy: isoDateTime,
    toPersonId: uuid.optional(),
  })
  .strict()
  .meta({ id: 'CreateHandoff' });
export type CreateHandoffBody = z.infer<typeof createHandoffBody>;

export const updateHandoffBody = z
  .object({ status: z.enum(['done', 'cancelled']), note: optionalText(2000).optional() })
  .strict()
  .meta({ id: 'UpdateHandoff' });
export type UpdateHandoffBody = z.infer<typeof updateHandoffBody>;
