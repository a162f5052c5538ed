import { z } from 'zod';
import { isoDateTime, optionalText, priority, text, uuid } from './common';

const note = optionalText(2000).optional();
const reason = text(2000);

export const noteBody = z.object({ note }).strict().meta({ id: 'NoteBody' });
export const offerBody = z.object({ to: uuid, note }).strict().meta({ id: 'OfferBody' });
export const reasonBody = z.object({ reason }).strict().meta({ id: 'ReasonBody' });
export const waitBody = z
  .object({ note: text(2000), nextFollowUpAt: isoDateTime })
  .strict()
  .meta({ id: 'WaitBody' });
export const followUpBody = z
  .object({ at: isoDateTime, note })
  .strict()
  .meta({ id: 'FollowUpBody' });
export const resolveBody = z
  .object({ summary: text(4000) })
  .strict()
  .meta({ id: 'ResolveBody' });
export const confirmBody = z
  .object({ note, rating: z.number().int().min(1).max(5).optional() })
  .strict()
  .meta({ id: 'ConfirmBody' });
export const nudgeBody = z
  .object({ note: text(2000), nextFollowUpAt: isoDateTime })
  .strict()
  .meta({ id: 'NudgeBody' });
export const escalateBody = z
  .object({ note: text(2000), priority: priority.optional(), assignTo: uuid.optional() })
  .strict()
  .refine((b) => b.priority !== undefined || b.assignTo !== undefined, {
    message: 'Give a priority, a person to assign, or both',
    path: ['priority'],
  })
  .meta({ id: 'EscalateBody' });
export const commentBody = z
  .object({ body: text(10_000) })
  .strict()
  .meta({ id: 'CommentBody' });

export type NoteBody = z.infer<typeof noteBody>;
export type OfferBody = z.infer<typeof offerBody>;
export type ReasonBody = z.infer<typeof reasonBody>;
export type WaitBody = z.infer<typeof waitBody>;
export type FollowUpBody = z.infer<typeof followUpBody>;
export type ResolveBody = z.infer<typeof resolveBody>;
export type ConfirmBody = z.infer<typeof confirmBody>;
export type NudgeBody = z.infer<typeof nudgeBody>;
export type EscalateBody = z.infer<typeof escalateBody>;
export type CommentBody = z.infer<typeof commentBody>;
