import {
  priority as prioritySchema,
  type RequestEvent,
  status as statusSchema,
  uuid,
} from '@followthrough/shared';
import { priorityLabels, statusLabels } from '../../lib/labels';
import { formatDateTime } from '../../lib/time';

type Data = Record<string, unknown>;

const DAY_MS = 86_400_000;

/** What the timeline knows besides the events: names for the ids the events carry. */
export interface EventContext {
  /** A person's name by id (the people directory). */
  personName?: (id: string) => string | undefined;
  categoryName?: (id: string) => string | undefined;
  locationName?: (id: string) => string | undefined;
  /** The name of the person who logged the request. */
  requesterName?: string;
  /** Who a handoff went to, by handoff id. */
  handoffTo?: (handoffId: string) => string | undefined;
  /** When the request was last resolved before this event (for auto-confirm). */
  resolvedAt?: string;
}

export interface EventText {
  /** Who acted: a person's name, or the system. */
  actor: string;
  /** What they did, continuing from the actor's name. */
  action: string;
  /** What they wrote (a comment, a reason, a summary), when there is one. */
  quote?: string | undefined;
}

/** Text in the data, when there is some. */
function text(data: Data, key: string): string | undefined {
  const value = data[key];
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

function when(data: Data, key: string): string | undefined {
  const value = text(data, key);
  return value && !Number.isNaN(Date.parse(value)) ? formatDateTime(value) : undefined;
}

function statusWord(value: unknown): string | undefined {
  const parsed = statusSchema.safeParse(value);
  return parsed.success ? statusLabels[parsed.data].toLowerCase() : undefined;
}

function priorityWord(value: unknown): string | undefined {
  const parsed = prioritySchema.safeParse(value);
  return parsed.success ? priorityLabels[parsed.data].toLowerCase() : undefined;
}

const quoted = (value: unknown) => `“${String(value)}”`;

/** The wording of one field change inside "changed …". */
function fieldChange(field: string, change: unknown, ctx: EventContext): string {
  const { from, to } = (change && typeof change === 'object' ? change : {}) as {
    from?: unknown;
    to?: unknown;
  };
  const has = (v: unknown) => v !== null && v !== undefined && v !== '';
  switch (field) {
    case 'title':
      return has(to) ? `the title to ${quoted(to)}` : 'the title';
    case 'priority': {
      const a = priorityWord(from);
      const b = priorityWord(to);
      return a && b
        ? `the priority from ${a} to ${b}`
        : b
          ? `the priority to ${b}`
          : 'the priority';
    }
    case 'categoryId': {
      const a = typeof from === 'string' ? ctx.categoryName?.(from) : undefined;
      const b = typeof to === 'string' ? ctx.categoryName?.(to) : undefined;
      return a && b
        ? `the category from ${a} to ${b}`
        : b
          ? `the category to ${b}`
          : 'the category';
    }
    case 'locationId': {
      if (!has(to)) return 'the location to none';
      const b = typeof to === 'string' ? ctx.locationName?.(to) : undefined;
      return b ? `the location to ${b}` : 'the location';
    }
    case 'asset':
      return has(to) ? `the asset to ${quoted(to)}` : 'the asset to none';
    case 'targetAt':
      return typeof to === 'string' && !Number.isNaN(Date.parse(to))
        ? `the target to ${formatDateTime(to)}`
        : 'the target';
    case 'desiredOutcome':
      return 'the desired outcome';
    case 'description':
      return 'the description';
    default:
      return `the ${field}`;
  }
}

/** "a, b and c" */
function list(parts: readonly string[]): string {
  if (parts.length <= 1) return parts.join('');
  return `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
}

/** An event of the timeline in the words a person would use. */
export function describeEvent(event: RequestEvent, ctx: EventContext = {}): EventText {
  const d = event.data;
  const actor = event.actor?.name ?? 'The system';
  const note = text(d, 'note');
  const say = (action: string, quote?: string): EventText => ({ actor, action, quote });
  /** A person named in the data by id (or, in older data, by name). */
  const person = (key: string): string | undefined => {
    const value = d[key];
    if (typeof value === 'string' && value !== '') {
      if (!uuid.safeParse(value).success) return value;
      return ctx.personName?.(value) ?? 'someone';
    }
    if (value && typeof value === 'object' && 'name' in value && typeof value.name === 'string') {
      return value.name;
    }
    return undefined;
  };

  switch (event.type) {
    case 'created':
      return say('logged the request');
    case 'ownership_offered': {
      const to = person('to') ?? 'someone';
      return d.routed === true
        ? say(`offered ownership to ${to}, the category’s default owner`, note)
        : say(`offered ownership to ${to}`, note);
    }
    case 'ownership_accepted': {
      const from = person('from');
      return say(from ? `accepted ownership from ${from}` : 'accepted ownership', note);
    }
    case 'ownership_declined':
      return say('declined ownership', text(d, 'reason') ?? note);
    case 'ownership_assigned': {
      const to = person('to') ?? 'someone';
      const from = person('from');
      return say(`made ${to} the owner${from ? ` in place of ${from}` : ''}`, note);
    }
    case 'ownership_taken': {
      if (d.routed === true) return say('took ownership as the category’s default owner', note);
      const lapsed = person('lapsedOffer');
      return say(lapsed ? `took ownership; the offer to ${lapsed} lapsed` : 'took ownership', note);
    }
    case 'status_changed': {
      const from = statusWord(d.from);
      const next = statusWord(d.to);
      if (next === 'waiting') {
        const until = when(d, 'nextFollowUpAt');
        return say(`set it to waiting${until ? `, following up by ${until}` : ''}`, note);
      }
      if (from && next) return say(`moved it from ${from} to ${next}`, note);
      return say(next ? `moved it to ${next}` : 'changed the status', note);
    }
    case 'follow_up_set': {
      const at = when(d, 'at');
      return say(at ? `committed to follow up by ${at}` : 'set a follow-up', note);
    }
    case 'handoff_created': {
      const to = text(d, 'to') ?? 'someone else';
      const toPerson = person('toPersonId');
      const by = when(d, 'expectedBy');
      const who = toPerson && toPerson !== to ? `${to} (${toPerson})` : to;
      return say(`handed this off to ${who}${by ? `, expecting it by ${by}` : ''}`, text(d, 'ask'));
    }
    case 'handoff_completed':
    case 'handoff_cancelled': {
      const handoffId = text(d, 'handoffId');
      const to = (handoffId && ctx.handoffTo?.(handoffId)) ?? 'someone else';
      return event.type === 'handoff_completed'
        ? say(`marked the handoff to ${to} done`, note)
        : say(`cancelled the handoff to ${to}`, note);
    }
    case 'comment':
      return say('commented', text(d, 'body'));
    case 'resolved':
      return say('resolved the request', text(d, 'summary'));
    case 'confirmed': {
      const onBehalf =
        d.onBehalf === true ? ` on behalf of ${ctx.requesterName ?? 'the person who asked'}` : '';
      const rating = typeof d.rating === 'number' ? ` and rated it ${d.rating} out of 5` : '';
      return say(`confirmed the outcome${onBehalf}${rating}`, note);
    }
    case 'auto_confirmed': {
      const days = ctx.resolvedAt
        ? Math.round((Date.parse(event.at) - Date.parse(ctx.resolvedAt)) / DAY_MS)
        : undefined;
      return say(
        days && days > 0
          ? `confirmed it automatically after ${days} quiet day${days === 1 ? '' : 's'}`
          : 'confirmed it automatically after a quiet period',
      );
    }
    case 'reopened': {
      const from = statusWord(d.from);
      return say(
        from === 'closed' ? 'reopened the request after it was closed' : 'reopened the request',
        text(d, 'reason'),
      );
    }
    case 'cancelled':
      return say('cancelled the request', text(d, 'reason'));
    case 'nudged': {
      const owner = person('owner') ?? 'the team';
      const by = when(d, 'nextFollowUpAt');
      return say(`nudged ${owner}${by ? ` to follow up by ${by}` : ''}`, note);
    }
    case 'escalated': {
      const raised = priorityWord(d.priority);
      const from = priorityWord(d.from);
      const assigned = person('assignTo');
      const previous = person('previousOwner');
      const parts = [
        raised ? `raised the priority${from ? ` from ${from}` : ''} to ${raised}` : undefined,
        assigned
          ? `made ${assigned} the owner${previous ? ` in place of ${previous}` : ''}`
          : undefined,
      ].filter((p): p is string => p !== undefined);
      return say(parts.length > 0 ? `escalated it: ${list(parts)}` : 'escalated it', note);
    }
    case 'field_changed': {
      const changes = d.changes && typeof d.changes === 'object' ? (d.changes as Data) : {};
      const parts = Object.entries(changes).map(([field, change]) =>
        fieldChange(field, change, ctx),
      );
      return say(parts.length > 0 ? `changed ${list(parts)}` : 'edited the request', note);
    }
    default:
      return say('updated the request', note);
  }
}

/**
 * The whole timeline in words. Walking it in order supplies what a single event
 * cannot know: who a handoff went to, and when the request was last resolved.
 */
export function describeTimeline(
  events: readonly RequestEvent[],
  ctx: Omit<EventContext, 'handoffTo' | 'resolvedAt'> = {},
): EventText[] {
  const handoffs = new Map<string, string>();
  let resolvedAt: string | undefined;
  return events.map((event) => {
    if (event.type === 'handoff_created') {
      const id = text(event.data, 'handoffId');
      const to = text(event.data, 'to');
      if (id && to) handoffs.set(id, to);
    }
    const described = describeEvent(event, {
      ...ctx,
      handoffTo: (id) => handoffs.get(id),
      ...(resolvedAt ? { resolvedAt } : {}),
    });
    if (event.type === 'resolved') resolvedAt = event.at;
    return described;
  });
}
