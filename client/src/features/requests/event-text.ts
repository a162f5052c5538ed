import type { EventData, Priority, RequestEvent, Status } from '@followthrough/shared';
import { priorityLabels, statusLabels } from '../../lib/labels';
import { formatDateTime } from '../../lib/time';

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

/** Text someone wrote, when they wrote more than blanks. */
const filled = (value: string | null | undefined) =>
  value && value.trim() !== '' ? value : undefined;

const statusWord = (value: Status) => statusLabels[value].toLowerCase();
const priorityWord = (value: Priority) => priorityLabels[value].toLowerCase();
const quoted = (value: string) => `“${value}”`;

type Changes = EventData<'field_changed'>['changes'];
type Field = keyof Changes;

// The order an edit is told in: what moves the request first, its words last.
// (Not the order the keys arrive in, which the database does not keep.)
const telling: readonly Field[] = [
  'priority',
  'categoryId',
  'locationId',
  'title',
  'asset',
  'targetAt',
  'desiredOutcome',
  'description',
];

/** The wording of each field change inside "changed …". */
function fieldChanges(changes: Changes, ctx: EventContext): string[] {
  const told = (field: Field): string | undefined => {
    switch (field) {
      case 'title': {
        const to = filled(changes.title?.to);
        return to ? `the title to ${quoted(to)}` : 'the title';
      }
      case 'priority': {
        const c = changes.priority!;
        return `the priority from ${priorityWord(c.from)} to ${priorityWord(c.to)}`;
      }
      case 'categoryId': {
        const c = changes.categoryId!;
        const a = ctx.categoryName?.(c.from);
        const b = ctx.categoryName?.(c.to);
        return a && b
          ? `the category from ${a} to ${b}`
          : b
            ? `the category to ${b}`
            : 'the category';
      }
      case 'locationId': {
        const to = changes.locationId?.to;
        if (!to) return 'the location to none';
        const b = ctx.locationName?.(to);
        return b ? `the location to ${b}` : 'the location';
      }
      case 'asset': {
        const to = filled(changes.asset?.to);
        return to ? `the asset to ${quoted(to)}` : 'the asset to none';
      }
      case 'targetAt':
        return `the target to ${formatDateTime(changes.targetAt!.to)}`;
      case 'desiredOutcome':
        return 'the desired outcome';
      case 'description':
        return 'the description';
    }
  };
  return telling.filter((field) => changes[field] !== undefined).map((field) => told(field)!);
}

/** "a, b and c" */
function list(parts: readonly string[]): string {
  if (parts.length <= 1) return parts.join('');
  return `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
}

/** An event of the timeline in the words a person would use. */
export function describeEvent(event: RequestEvent, ctx: EventContext = {}): EventText {
  const actor = event.actor?.name ?? 'The system';
  const say = (action: string, quote?: string): EventText => ({ actor, action, quote });
  /** A person the data names by id; "someone" once the directory no longer lists them. */
  const name = (id: string) => ctx.personName?.(id) ?? 'someone';
  const person = (id: string | null | undefined) => (id ? name(id) : undefined);

  switch (event.type) {
    case 'created':
      return say('logged the request');
    case 'ownership_offered': {
      const d = event.data;
      const to = name(d.to);
      return d.routed
        ? say(`offered ownership to ${to}, the category’s default owner`, filled(d.note))
        : say(`offered ownership to ${to}`, filled(d.note));
    }
    case 'ownership_accepted': {
      const from = person(event.data.from);
      return say(
        from ? `accepted ownership from ${from}` : 'accepted ownership',
        filled(event.data.note),
      );
    }
    case 'ownership_declined':
      return say('declined ownership', filled(event.data.reason));
    case 'ownership_withdrawn':
      return say(`withdrew the offer to ${name(event.data.from)}, who was deactivated`);
    case 'ownership_assigned': {
      const d = event.data;
      const from = person(d.from);
      return say(
        `made ${name(d.to)} the owner${from ? ` in place of ${from}` : ''}`,
        filled(d.note),
      );
    }
    case 'ownership_taken': {
      const d = event.data;
      if (d.routed) return say('took ownership as the category’s default owner', filled(d.note));
      const lapsed = person(d.lapsedOffer);
      return say(
        lapsed ? `took ownership; the offer to ${lapsed} lapsed` : 'took ownership',
        filled(d.note),
      );
    }
    case 'status_changed': {
      const d = event.data;
      if (d.to === 'waiting') {
        return say(
          `set it to waiting, following up by ${formatDateTime(d.nextFollowUpAt)}`,
          filled(d.note),
        );
      }
      return say(`moved it from ${statusWord(d.from)} to ${statusWord(d.to)}`, filled(d.note));
    }
    case 'follow_up_set':
      return say(
        `committed to follow up by ${formatDateTime(event.data.at)}`,
        filled(event.data.note),
      );
    case 'handoff_created': {
      const d = event.data;
      const to = filled(d.to) ?? 'someone else';
      const toPerson = person(d.toPersonId);
      const who = toPerson && toPerson !== to ? `${to} (${toPerson})` : to;
      return say(
        `handed this off to ${who}, expecting it by ${formatDateTime(d.expectedBy)}`,
        filled(d.ask),
      );
    }
    case 'handoff_completed':
    case 'handoff_cancelled': {
      const to = ctx.handoffTo?.(event.data.handoffId) ?? 'someone else';
      return event.type === 'handoff_completed'
        ? say(`marked the handoff to ${to} done`, filled(event.data.note))
        : say(`cancelled the handoff to ${to}`, filled(event.data.note));
    }
    case 'comment':
      return say('commented', filled(event.data.body));
    case 'resolved':
      return say('resolved the request', filled(event.data.summary));
    case 'confirmed': {
      const d = event.data;
      const onBehalf = d.onBehalf
        ? ` on behalf of ${ctx.requesterName ?? 'the person who asked'}`
        : '';
      const rating = d.rating !== undefined ? ` and rated it ${d.rating} out of 5` : '';
      return say(`confirmed the outcome${onBehalf}${rating}`, filled(d.note));
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
    case 'reopened':
      return say(
        event.data.from === 'closed'
          ? 'reopened the request after it was closed'
          : 'reopened the request',
        filled(event.data.reason),
      );
    case 'cancelled':
      return say('cancelled the request', filled(event.data.reason));
    case 'nudged': {
      const d = event.data;
      const owner = person(d.owner) ?? 'the team';
      return say(
        `nudged ${owner} to follow up by ${formatDateTime(d.nextFollowUpAt)}`,
        filled(d.note),
      );
    }
    case 'escalated': {
      const d = event.data;
      const previous = person(d.previousOwner);
      const parts = [
        d.priority
          ? `raised the priority${d.from ? ` from ${priorityWord(d.from)}` : ''} to ${priorityWord(d.priority)}`
          : undefined,
        d.assignTo
          ? `made ${name(d.assignTo)} the owner${previous ? ` in place of ${previous}` : ''}`
          : undefined,
      ].filter((p): p is string => p !== undefined);
      return say(
        parts.length > 0 ? `escalated it: ${list(parts)}` : 'escalated it',
        filled(d.note),
      );
    }
    case 'field_changed': {
      const parts = fieldChanges(event.data.changes, ctx);
      return say(parts.length > 0 ? `changed ${list(parts)}` : 'edited the request');
    }
    case 'attachment_added':
      return say(
        event.data.contentType.startsWith('image/')
          ? `added the photo ${event.data.filename}`
          : `attached ${event.data.filename}`,
      );
    case 'attachment_removed':
      return say(`removed the attachment ${event.data.filename}`);
    default:
      // Every type is told above; this only answers an event type newer than this page.
      event satisfies never;
      return say('updated the request');
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
    if (event.type === 'handoff_created') handoffs.set(event.data.handoffId, event.data.to);
    const described = describeEvent(event, {
      ...ctx,
      handoffTo: (id) => handoffs.get(id),
      ...(resolvedAt ? { resolvedAt } : {}),
    });
    if (event.type === 'resolved') resolvedAt = event.at;
    return described;
  });
}
