import { z } from 'zod';
import { isoDateTime, personRef, uuid } from './common';

export const eventTypes = [
  'created',
  'ownership_offered',
  'ownership_accepted',
  'ownership_declined',
  'ownership_assigned',
  'ownership_taken',
  'status_changed',
  'handoff_created',
  'handoff_completed',
  'handoff_cancelled',
  'follow_up_set',
  'comment',
  'resolved',
  'confirmed',
  'auto_confirmed',
  'reopened',
  'cancelled',
  'nudged',
  'escalated',
  'field_changed',
] as const;
export const eventType = z.enum(eventTypes);
export type EventType = z.infer<typeof eventType>;

export const requestEvent = z
  .object({
    id: z.string(),
    requestId: uuid,
    /** null when the system acted (auto-confirm). */
    actor: personRef.nullable(),
    type: eventType,
    at: isoDateTime,
    data: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'RequestEvent' });
export type RequestEvent = z.infer<typeof requestEvent>;
