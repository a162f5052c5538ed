import { z } from 'zod';
import { isoDateTime, personRef, uuid } from './common';
import { requestSummary } from './requests';

/** Stalled requests per page of the review queue, and the most one answer holds. */
export const REVIEW_PAGE = 50;
export const REVIEW_MAX = 500;

export const reviewQuery = z
  .object({
    sort: z.enum(['severity', 'age']).default('severity'),
    team: uuid.optional(),
    owner: z.union([uuid, z.literal('none')]).optional(),
    /** Leave out requests a lead decided on (nudge, reassign, escalate) within this many days. */
    decidedWithin: z.coerce.number<number>().int().min(1).max(90).optional(),
    /** The most severe (or oldest) first: a page a lead can work through; ask for more. */
    limit: z.coerce.number().int().min(1).max(REVIEW_MAX).default(REVIEW_PAGE),
  })
  .strict();
export type ReviewQuery = z.input<typeof reviewQuery>;

/** What a lead last did about a request: so a queue shows what was already handled. */
export const leadDecision = z
  .object({
    kind: z.enum(['nudged', 'reassigned', 'escalated']),
    /** null when the person is gone from the directory. */
    by: personRef.nullable(),
    at: isoDateTime,
    note: z.string().nullable(),
    /** The follow-up a nudge set; null for the other kinds. */
    nextFollowUpAt: isoDateTime.nullable(),
  })
  .meta({ id: 'LeadDecision' });
export type LeadDecision = z.infer<typeof leadDecision>;

export const reviewItem = z
  .object({
    request: requestSummary,
    /** Larger is more severe: the weightiest reason, then priority, then how many hold. */
    severity: z.number().int(),
    /** Minutes since each reason began to hold, in the order of request.stalled. */
    overdueMinutes: z.array(z.number().int()),
    ageMinutes: z.number().int(),
    /** The newest lead decision on the request, or null when none was made. */
    lastDecision: leadDecision.nullable(),
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
