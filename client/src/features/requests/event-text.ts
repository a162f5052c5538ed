import {
  type Priority,
  priority as prioritySchema,
  type RequestEvent,
  status as statusSchema,
} from '@followthrough/shared';
import { priorityLabels, statusLabels } from '../../lib/labels';
import { formatDateTime } from '../../lib/time';

type Data = Record<string, unknown>;

/** The first of these keys that holds text. */
function text(data: Data, ...keys: string[]): string | undefined {
  for (const key of keys) {
    const value = data[key];
    if (typeof value === 'string' && value.trim() !== '') return value;
  }
  return undefined;
}

/** A person named in the data, either as text or as `{ name }`. */
function name(data: Data, ...keys: string[]): string | undefined {
  for (const key of keys) {
    const value = data[key];
    if (typeof value === 'string' && value.trim() !== '') return value;
    if (value && typeof value === 'object' && 'name' in value && typeof value.name === 'string') {
      return value.name;
    }
  }
  return undefined;
}

function when(data: Data, ...keys: string[]): string | undefined {
  const value = text(data, ...keys);
  return value && !Number.isNaN(Date.parse(value)) ? formatDateTime(value) : undefined;
}

function statusWord(value: unknown): string | undefined {
  const parsed = statusSchema.safeParse(value);
  return parsed.success ? statusLabels[parsed.data].toLowerCase() : undefined;
}

function priorityWord(value: unknown): string | undefined {
  const parsed = prioritySchema.safeParse(value);
  return parsed.success ? priorityLabels[parsed.data as Priority].toLowerCase() : undefined;
}

const fieldNames: Record<string, string> = {
  title: 'title',
  description: 'description',
  desiredOutcome: 'desired outcome',
  categoryId: 'category',
  category: 'category',
  locationId: 'location',
  location: 'location',
  asset: 'asset',
  priority: 'priority',
  targetAt: 'target',
};

export interface EventText {
  /** Who acted: a person's name, or Followthrough itself. */
  actor: string;
  /** What they did, continuing from the actor's name. */
  action: string;
  /** What they wrote (a comment, a reason, a summary), when there is one. */
  quote?: string | undefined;
}

/** An event of the timeline in plain words. */
export function describeEvent(event: RequestEvent): EventText {
  const d = event.data;
  const actor = event.actor?.name ?? 'Followthrough';
  const note = text(d, 'note');
  const say = (action: string, quote?: string): EventText => ({ actor, action, quote });
  const to = name(d, 'toName', 'to', 'person', 'assignee', 'owner');

  switch (event.type) {
    case 'created':
      return say('logged the request');
    case 'ownership_offered':
      return say(to ? `offered ownership to ${to}` : 'offered ownership to someone else', note);
    case 'ownership_accepted':
      return say('accepted ownership', note);
    case 'ownership_declined':
      return say('declined ownership', text(d, 'reason') ?? note);
    case 'ownership_assigned':
      return say(to ? `made ${to} the owner` : 'assigned a new owner', note);
    case 'ownership_taken':
      return say('took ownership', note);
    case 'status_changed': {
      const from = statusWord(d.from);
      const next = statusWord(d.to ?? d.status);
      if (next === 'waiting') {
        const until = when(d, 'nextFollowUpAt');
        return say(`set it to waiting${until ? `, following up by ${until}` : ''}`, note);
      }
      if (from && next) return say(`moved it from ${from} to ${next}`, note);
      return say(next ? `moved it to ${next}` : 'changed the status', note);
    }
    case 'handoff_created': {
      const by = when(d, 'expectedBy');
      const target = name(d, 'to', 'toName', 'toPerson');
      return say(
        `handed work to ${target ?? 'someone else'}${by ? `, expected by ${by}` : ''}`,
        text(d, 'ask'),
      );
    }
    case 'handoff_completed':
      return say(`marked the handoff to ${name(d, 'to', 'toName') ?? 'someone else'} done`, note);
    case 'handoff_cancelled':
      return say(`cancelled the handoff to ${name(d, 'to', 'toName') ?? 'someone else'}`, note);
    case 'follow_up_set': {
      const at = when(d, 'at', 'nextFollowUpAt');
      return say(at ? `committed to follow up by ${at}` : 'set a follow-up date', note);
    }
    case 'comment':
      return say('commented', text(d, 'body', 'comment', 'note'));
    case 'resolved':
      return say('resolved the request', text(d, 'summary') ?? note);
    case 'confirmed': {
      const rating = typeof d.rating === 'number' ? ` and rated it ${d.rating} out of 5` : '';
      return say(`confirmed the outcome${rating}`, note);
    }
    case 'auto_confirmed':
      return {
        actor: 'Followthrough',
        action: 'confirmed the outcome automatically after a quiet period',
      };
    case 'reopened':
      return say('reopened the request', text(d, 'reason') ?? note);
    case 'cancelled':
      return say('cancelled the request', text(d, 'reason') ?? note);
    case 'nudged': {
      const by = when(d, 'nextFollowUpAt');
      return say(`nudged the owner${by ? ` to follow up by ${by}` : ''}`, note);
    }
    case 'escalated': {
      const raised = priorityWord(d.priority ?? d.to);
      const assigned = name(d, 'assignTo', 'assignee', 'owner');
      const parts = [
        raised ? `raised the priority to ${raised}` : undefined,
        assigned ? `made ${assigned} the owner` : undefined,
      ].filter(Boolean);
      return say(
        parts.length > 0 ? `escalated: ${parts.join(' and ')}` : 'escalated the request',
        note,
      );
    }
    case 'field_changed': {
      const field = text(d, 'field');
      const changed =
        field !== undefined
          ? [field]
          : d.changes && typeof d.changes === 'object'
            ? Object.keys(d.changes)
            : Object.keys(d).filter((k) => k in fieldNames);
      const words = changed.map((f) => fieldNames[f] ?? f);
      return say(words.length > 0 ? `changed the ${words.join(', ')}` : 'edited the request', note);
    }
    default:
      return say('updated the request', note);
  }
}
