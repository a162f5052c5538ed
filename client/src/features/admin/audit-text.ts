import {
  type AuditEntityType,
  type AuditEntry,
  type Priority,
  priorities,
  type Role,
  roles,
} from '@followthrough/shared';
import { priorityLabels } from '../../lib/labels';
import { roleLabels } from './admin-forms';
import { formatTarget, type Measure, measureLabels, measures, targetPriorities } from './targets';

/** The directory, to name what an entry refers to by id. */
export interface Names {
  people?: readonly { id: string; name: string }[] | undefined;
  teams?: readonly { id: string; name: string }[] | undefined;
  categories?: readonly { id: string; name: string }[] | undefined;
  locations?: readonly { id: string; name: string }[] | undefined;
}

export const entityWords: Record<AuditEntityType, string> = {
  person: 'person',
  team: 'team',
  category: 'category',
  location: 'location',
  asset: 'asset',
  settings: 'settings',
  token: 'API token',
  account: 'account',
};

/** For the filter: what each kind of entry is about. */
export const entityTypeLabels: Record<AuditEntityType, string> = {
  person: 'People',
  team: 'Teams',
  category: 'Categories',
  location: 'Locations',
  asset: 'Assets',
  settings: 'Settings',
  token: 'API tokens',
  account: 'Accounts',
};

type Fields = Record<string, unknown>;
const fieldsOf = (value: unknown): Fields =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Fields) : {};

const nameIn = (list: Names[keyof Names], id: unknown) =>
  typeof id === 'string' ? list?.find((item) => item.id === id)?.name : undefined;

const listFor: Partial<Record<AuditEntityType, keyof Names>> = {
  person: 'people',
  team: 'teams',
  category: 'categories',
  location: 'locations',
};

/** What the entry is about, by the name it had then (or has now). */
function subjectName(entry: AuditEntry, names: Names): string {
  const after = fieldsOf(entry.after);
  const before = fieldsOf(entry.before);
  for (const value of [after.name, before.name]) {
    if (typeof value === 'string' && value) return value;
  }
  const list = listFor[entry.entityType];
  return (list && nameIn(names[list], entry.entityId)) ?? `#${entry.entityId.slice(0, 8)}`;
}

/** What was done, as the words after the actor's name: "deactivated person Dana Owner". */
export function auditAction(entry: AuditEntry, names: Names = {}): string {
  const word = entityWords[entry.entityType];
  const name = subjectName(entry, names);
  const subject = `${word} ${name}`;
  const before = fieldsOf(entry.before);
  const after = fieldsOf(entry.after);
  if (entry.entityType === 'settings') {
    return entry.action === 'updated' ? 'changed the settings' : `${entry.action} the settings`;
  }
  if (entry.entityType === 'account') {
    // Said of one's own account ("changed their password"); someone else's is named.
    if (entry.actor?.id === entry.entityId) return entry.action;
    const whose = nameIn(names.people, entry.entityId);
    return whose ? `${entry.action} (account of ${whose})` : entry.action;
  }
  if (entry.entityType === 'token') {
    const holder = nameIn(names.people, after.personId ?? before.personId);
    return `${entry.action} ${subject}${holder ? ` for ${holder}` : ''}`;
  }
  switch (entry.action) {
    case 'created with an invite':
      return `added ${subject} with an invite link`;
    case 'created with a password':
      return `added ${subject} with a password`;
    case 'sent a new invite':
      return `made a new invite link for ${subject}`;
    case 'created':
      return `added ${subject}`;
    case 'deactivated':
    case 'reactivated':
      return `${entry.action} ${subject}`;
    case 'updated': {
      // A location or category's change of one thing says which.
      if (before.active === true && after.active === false) return `deactivated ${subject}`;
      if (before.active === false && after.active === true) return `reactivated ${subject}`;
      const changed = changedKeys(before, after);
      if (changed.length === 1 && changed[0] === 'name' && typeof before.name === 'string') {
        return `renamed ${word} ${before.name} to ${name}`;
      }
      return `changed ${subject}`;
    }
    default:
      return `${entry.action} ${subject}`;
  }
}

/** The whole sentence, with who did it: "Alex Admin deactivated person Dana Owner". */
export function auditSentence(entry: AuditEntry, names: Names = {}): string {
  return `${entry.actor?.name ?? 'The system'} ${auditAction(entry, names)}`;
}

function changedKeys(before: Fields, after: Fields): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  keys.delete('id');
  return [...keys].filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
}

const idList = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];

function namesList(ids: readonly string[], list: Names[keyof Names]): string {
  if (ids.length === 0) return 'none';
  return ids.map((id) => nameIn(list, id) ?? 'someone no longer listed').join(', ');
}

/** Who joined and who left a list of people: "added Dana Owner; removed Marco Ruiz". */
function membership(before: unknown, after: unknown, people: Names['people']): string {
  const was = new Set(idList(before));
  const now = new Set(idList(after));
  const added = [...now].filter((id) => !was.has(id));
  const removed = [...was].filter((id) => !now.has(id));
  const parts = [];
  if (added.length > 0) parts.push(`added ${namesList(added, people)}`);
  if (removed.length > 0) parts.push(`removed ${namesList(removed, people)}`);
  return parts.join('; ') || 'unchanged';
}

const show = (value: unknown): string =>
  value === null || value === undefined || value === ''
    ? 'none'
    : typeof value === 'string'
      ? value
      : JSON.stringify(value);

const isRole = (v: unknown): v is Role => (roles as readonly unknown[]).includes(v);
const isPriority = (v: unknown): v is Priority => (priorities as readonly unknown[]).includes(v);

/** Each priority's times that differ: "High: own within 4 h → 2 h". */
function targetChanges(before: unknown, after: unknown): string[] {
  const byPriority = (value: unknown) => {
    const out = new Map<Priority, Fields>();
    if (Array.isArray(value)) {
      for (const t of value) {
        const f = fieldsOf(t);
        if (isPriority(f.priority)) out.set(f.priority, f);
      }
    }
    return out;
  };
  const was = byPriority(before);
  const now = byPriority(after);
  const lines: string[] = [];
  for (const priority of targetPriorities) {
    const parts = measures.flatMap((m: Measure) => {
      const a = was.get(priority)?.[m];
      const b = now.get(priority)?.[m];
      if (a === b || typeof b !== 'number') return [];
      const from = typeof a === 'number' ? `${formatTarget(a)} → ` : '';
      return [`${measureLabels[m].toLowerCase()} ${from}${formatTarget(b)}`];
    });
    if (parts.length > 0) lines.push(`${priorityLabels[priority]}: ${parts.join(', ')}`);
  }
  return lines;
}

const fieldLabels: Record<string, string> = {
  name: 'Name',
  email: 'Email',
  role: 'Role',
  teamIds: 'Teams',
  memberIds: 'Members',
  leadIds: 'Leads',
  teamId: 'Team',
  defaultOwnerId: 'Default owner',
  targets: 'Targets',
  organisationName: 'Organisation name',
  autoConfirmDays: 'Confirm automatically after',
  reopenWindowDays: 'Reopen window',
  expiresAt: 'Expires',
};

function describe(key: string, value: unknown, names: Names): string {
  switch (key) {
    case 'role':
      return isRole(value) ? roleLabels[value] : show(value);
    case 'teamIds':
      return namesList(idList(value), names.teams);
    case 'teamId':
      return nameIn(names.teams, value) ?? show(value);
    case 'defaultOwnerId':
      return value ? (nameIn(names.people, value) ?? 'someone no longer listed') : 'none';
    case 'autoConfirmDays':
    case 'reopenWindowDays':
      return typeof value === 'number' ? `${value} ${value === 1 ? 'day' : 'days'}` : show(value);
    default:
      return show(value);
  }
}

/**
 * What an entry changed, a line per field: "Role: Staff → Lead", "Members: added Dana
 * Owner". An entry that made something says what it started with.
 */
export function auditDetails(entry: AuditEntry, names: Names = {}): string[] {
  const before = fieldsOf(entry.before);
  const after = fieldsOf(entry.after);
  if (entry.before === null || entry.before === undefined) {
    // Made, not changed: the facts that matter about it, briefly.
    const keys = ['role', 'email', 'teamIds', 'teamId', 'defaultOwnerId'].filter(
      (k) => k in after && !(Array.isArray(after[k]) && idList(after[k]).length === 0),
    );
    return keys.map((k) => `${fieldLabels[k]}: ${describe(k, after[k], names)}`);
  }
  const changed = changedKeys(before, after);
  // A rename or a (de)activation is the whole sentence already.
  if (changed.every((k) => k === 'active') || (changed.length === 1 && changed[0] === 'name')) {
    return [];
  }
  // The order a form shows them in, whatever order the record kept.
  const order = Object.keys(fieldLabels);
  const rank = (k: string) => (order.includes(k) ? order.indexOf(k) : order.length);
  return changed
    .toSorted((a, b) => rank(a) - rank(b))
    .flatMap((key) => {
      if (key === 'active') return [];
      if (key === 'targets') return targetChanges(before.targets, after.targets);
      const label = fieldLabels[key] ?? key;
      if (key === 'memberIds' || key === 'leadIds') {
        return [`${label}: ${membership(before[key], after[key], names.people)}`];
      }
      return [
        `${label}: ${describe(key, before[key], names)} → ${describe(key, after[key], names)}`,
      ];
    });
}
