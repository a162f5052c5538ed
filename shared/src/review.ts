import { z } from 'zod';
import { personRef, uuid } from './common';
import { requestSummary } from './requests';

export const reviewQuery = z
  .object({
    sort: z.enum(['severity', 'age']).default('severity'),
    team: uuid.optional(),
    owner: z.union([uuid, z.literal('none')]).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(200),
  })
  .strict();
export type ReviewQuery = z.input<typeof reviewQuery>;

export const reviewItem = z
  .object({
    request: requestSummary,
    /** Larger is more severe: the weightiest reason, then priority, then how many hold. */
    severity: z.number().int(),
    /** Minutes since each reason began to hold, in the order of request.stalled. */
    overdueMinutes: z.array(z.number().int()),
    ageMinutes: z.number().int(),
  })
  .meta({ id: 'ReviewItem' });
export type ReviewItem = z.infer<typeof reviewItem>;

export const reviewQueue = z
  .object({
    groups: z.array(
      z.object({
        owner: personRef.nullable(),
        worstSeverity: z.number().int(),
        items: z.array(reviewItem),
      }),
    ),
    total: z.number().int(),
    /** True when more stalled requests exist than `limit` returned. */
    truncated: z.boolean(),
  })
  .meta({ id: 'ReviewQueue' });
export type ReviewQueue = z.infer<typeof reviewQueue>;
