import type { Priority, Status } from '@followthrough/shared';
import { iso } from './clock';
import type { Category, Person, Targets } from './directory';

/*
 * One request and its record. The action methods below are the one place a
 * step of the story changes a request: each appends its event and updates
 * the row's fields, as the server's own action would.
 */

export interface Ev {
  a: string | null;
  y: string;
  t: number;
  d: Record<string, unknown>;
}

export interface Handoff {
  id: string;
  toText: string;
  toPersonId: string | null;
  ask: string;
  expectedBy: number;
  status: 'open' | 'done' | 'cancelled';
  createdById: string;
  createdAt: number;
  completedAt: number | null;
  completedById: string | null;
  note: string | null;
}

export interface NewRequest {
  title: string;
  description: string;
  desiredOutcome: string;
  category: Category;
  locationId: string | null;
  asset: string | null;
  priority: Priority;
  requester: Person;
  onBehalfOf: string | null;
  createdAt: number;
}

/** One request being written: each action appends its event and updates the row, as the server would. */
export class Req {
  readonly id: string;
  readonly f: NewRequest;
  priority: Priority;
  status: Status = 'new';
  ownerId: string | null = null;
  pendingOwnerId: string | null = null;
  offeredAt: number | null = null;
  ownedAt: number | null = null;
  nextFollowUpAt: number | null = null;
  followUpSetAt: number | null = null;
  resolvedAt: number | null = null;
  closedAt: number | null = null;
  closeReason: 'confirmed' | 'auto_confirmed' | 'cancelled' | null = null;
  reopenCount = 0;
  lastReopenedAt: number | null = null;
  readonly handoffs: Handoff[] = [];
  readonly events: Ev[] = [];
  /** Resolution summaries that fit (from the template). */
  fixes: readonly string[] = [];
  /** Handoff asks that fit (from the template). */
  asks: readonly string[] = [];
  /** Time of the latest event. */
  t: number;

  constructor(
    id: string,
    f: NewRequest,
    private readonly newId: () => string,
  ) {
    this.id = id;
    this.f = f;
    this.priority = f.priority;
    this.t = f.createdAt;
    this.ev(f.requester.id, 'created', f.createdAt, {
      title: f.title,
      priority: f.priority,
      categoryId: f.category.id,
      desiredOutcome: f.desiredOutcome,
    });
  }

  get targets(): Targets {
    return this.f.category.targets[this.priority];
  }

  get openHandoffs(): Handoff[] {
    return this.handoffs.filter((h) => h.status === 'open');
  }

  private ev(a: string | null, y: string, t: number, d: Record<string, unknown>) {
    if (t < this.t) throw new Error(`seed: event ${y} at ${iso(t)} before ${iso(this.t)}`);
    this.t = t;
    this.events.push({ a, y, t, d });
  }

  private own(personId: string, t: number) {
    this.ownerId = personId;
    this.ownedAt ??= t;
    this.pendingOwnerId = null;
    this.offeredAt = null;
    if (this.status === 'new') this.status = 'in_progress';
  }

  offer(
    actor: string | null,
    to: string,
    t: number,
    opts: { note?: string; routed?: boolean } = {},
  ) {
    this.pendingOwnerId = to;
    this.offeredAt = t;
    const d: Record<string, unknown> = { to };
    if (opts.note) d.note = opts.note;
    if (opts.routed) {
      d.routed = true;
      d.reason = 'default owner of the category';
    }
    this.ev(actor, 'ownership_offered', t, d);
  }

  accept(t: number, note?: string) {
    const who = this.pendingOwnerId!;
    const from = this.ownerId;
    this.own(who, t);
    this.ev(who, 'ownership_accepted', t, note ? { from, note } : { from });
  }

  decline(t: number, reason: string) {
    const who = this.pendingOwnerId!;
    this.pendingOwnerId = null;
    this.offeredAt = null;
    this.ev(who, 'ownership_declined', t, { reason });
  }

  assign(actor: string, to: string, t: number, note?: string) {
    const from = this.ownerId;
    this.own(to, t);
    const d: Record<string, unknown> = { to, from };
    if (note) d.note = note;
    this.ev(actor, 'ownership_assigned', t, d);
  }

  take(actor: string, t: number, note?: string) {
    this.own(actor, t);
    this.ev(actor, 'ownership_taken', t, note ? { note } : {});
  }

  wait(actor: string, t: number, note: string, nextFollowUpAt: number) {
    this.status = 'waiting';
    this.nextFollowUpAt = nextFollowUpAt;
    this.followUpSetAt = t;
    this.ev(actor, 'status_changed', t, {
      from: 'in_progress',
      to: 'waiting',
      note,
      nextFollowUpAt: iso(nextFollowUpAt),
    });
  }

  start(actor: string, t: number, note?: string) {
    this.status = 'in_progress';
    const d: Record<string, unknown> = { from: 'waiting', to: 'in_progress' };
    if (note) d.note = note;
    this.ev(actor, 'status_changed', t, d);
  }

  followUp(actor: string, t: number, at: number, note?: string) {
    this.nextFollowUpAt = at;
    this.followUpSetAt = t;
    const d: Record<string, unknown> = { at: iso(at) };
    if (note) d.note = note;
    this.ev(actor, 'follow_up_set', t, d);
  }

  handoff(
    actor: string,
    t: number,
    to: { text: string; personId?: string },
    ask: string,
    expectedBy: number,
  ) {
    const h: Handoff = {
      id: this.newId(),
      toText: to.text,
      toPersonId: to.personId ?? null,
      ask,
      expectedBy,
      status: 'open',
      createdById: actor,
      createdAt: t,
      completedAt: null,
      completedById: null,
      note: null,
    };
    this.handoffs.push(h);
    const d: Record<string, unknown> = { handoffId: h.id, to: to.text };
    if (to.personId) d.toPersonId = to.personId;
    d.ask = ask;
    d.expectedBy = iso(expectedBy);
    this.ev(actor, 'handoff_created', t, d);
    return h;
  }

  closeHandoff(actor: string, t: number, h: Handoff, status: 'done' | 'cancelled', note?: string) {
    h.status = status;
    h.completedAt = t;
    h.completedById = actor;
    h.note = note ?? null;
    const d: Record<string, unknown> = { handoffId: h.id };
    if (note) d.note = note;
    this.ev(actor, status === 'done' ? 'handoff_completed' : 'handoff_cancelled', t, d);
  }

  comment(actor: string, t: number, body: string) {
    this.ev(actor, 'comment', t, { body });
  }

  resolve(actor: string, t: number, summary: string) {
    if (this.openHandoffs.length > 0) throw new Error('seed: resolve with an open handoff');
    this.status = 'resolved';
    this.resolvedAt = t;
    this.pendingOwnerId = null;
    this.offeredAt = null;
    this.nextFollowUpAt = null;
    this.ev(actor, 'resolved', t, { summary });
  }

  confirm(actor: string, t: number, opts: { note?: string; rating?: number; onBehalf?: boolean }) {
    this.status = 'closed';
    this.closeReason = 'confirmed';
    this.closedAt = t;
    const d: Record<string, unknown> = {};
    if (opts.note) d.note = opts.note;
    if (opts.rating) d.rating = opts.rating;
    if (opts.onBehalf) d.onBehalf = true;
    this.ev(actor, 'confirmed', t, d);
  }

  autoConfirm(t: number) {
    this.status = 'closed';
    this.closeReason = 'auto_confirmed';
    this.closedAt = t;
    this.ev(null, 'auto_confirmed', t, {});
  }

  reopen(actor: string, t: number, reason: string) {
    const from = this.status;
    this.status = 'in_progress';
    this.closeReason = null;
    this.closedAt = null;
    this.reopenCount += 1;
    this.lastReopenedAt = t;
    this.ev(actor, 'reopened', t, { reason, from });
  }

  cancel(actor: string, t: number, reason: string) {
    for (const h of this.openHandoffs)
      this.closeHandoff(actor, t, h, 'cancelled', 'Request cancelled');
    this.status = 'closed';
    this.closeReason = 'cancelled';
    this.closedAt = t;
    this.pendingOwnerId = null;
    this.offeredAt = null;
    this.nextFollowUpAt = null;
    this.ev(actor, 'cancelled', t, { reason });
  }

  nudge(actor: string, t: number, note: string, nextFollowUpAt: number) {
    this.nextFollowUpAt = nextFollowUpAt;
    this.followUpSetAt = t;
    this.ev(actor, 'nudged', t, {
      note,
      nextFollowUpAt: iso(nextFollowUpAt),
      owner: this.ownerId,
    });
  }

  escalate(actor: string, t: number, note: string, priority: Priority) {
    const from = this.priority;
    this.priority = priority;
    this.ev(actor, 'escalated', t, { note, priority, from });
  }

  /** The row, derived from the state the events produced. */
  toRow(i: number): Record<string, unknown> {
    const f = this.f;
    let lastOwnerActivity: number | null = null;
    // The owner's latest event; an assignment starts the new owner's clock (as the server does).
    const owner = this.ownerId;
    if (owner) {
      for (const e of this.events) {
        if (e.a === owner || (e.y === 'ownership_assigned' && e.d.to === owner))
          lastOwnerActivity = e.t;
      }
    }
    let openCount = 0;
    let openDue = Number.POSITIVE_INFINITY;
    for (const h of this.handoffs) {
      if (h.status !== 'open') continue;
      openCount++;
      if (h.expectedBy < openDue) openDue = h.expectedBy;
    }
    const opt = (ms: number | null) => (ms === null ? undefined : iso(ms));
    return {
      i,
      id: this.id,
      title: f.title,
      descr: f.description,
      outcome: f.desiredOutcome,
      cat: f.category.id,
      loc: f.locationId ?? undefined,
      asset: f.asset ?? undefined,
      prio: this.priority,
      req: f.requester.id,
      obo: f.onBehalfOf ?? undefined,
      own: this.ownerId ?? undefined,
      pend: this.pendingOwnerId ?? undefined,
      offat: opt(this.offeredAt),
      st: this.status,
      cr: this.closeReason ?? undefined,
      tgt: iso(f.createdAt + this.targets.resolve),
      nfu: opt(this.nextFollowUpAt),
      fus: opt(this.followUpSetAt),
      loa: opt(lastOwnerActivity),
      oh: openCount,
      ohd: openCount > 0 ? iso(openDue) : undefined,
      ca: iso(f.createdAt),
      ua: iso(this.t),
      owa: opt(this.ownedAt),
      rsa: opt(this.resolvedAt),
      cla: opt(this.closedAt),
      rc: this.reopenCount,
      lra: opt(this.lastReopenedAt),
      v: this.events.length,
    };
  }
}
