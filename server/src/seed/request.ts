import type { Priority, Status } from '@followthrough/shared';
import {
  type ActionContext,
  type Change,
  type Outcome,
  type RequestState,
  stateAfter,
} from '../domain/change';
import { createHandoff, updateHandoff } from '../domain/handoffs';
import type { Settings } from '../domain/lifecycle';
import {
  autoConfirm,
  cancel,
  confirm,
  followUp,
  reopen,
  resolve,
  start,
  wait,
} from '../domain/outcomes';
import { accept, assign, decline, offer, take } from '../domain/ownership';
import { type CategoryFacts, comment, createRequest } from '../domain/requests';
import { escalate, nudge } from '../domain/review';
import { AUTO_CONFIRM_MS, DAY, iso, REOPEN_WINDOW_MS } from './clock';
import { activeAt, type Category, type Directory, type Person, type Targets } from './directory';

/*
 * One request and its record. Every step of the story is the server's own
 * transition (server/src/domain): the generator keeps the changes they
 * return, and the row, events and handoffs written are those changes, so
 * the demo cannot drift from the rules.
 */

/** The server's defaults (config: REOPEN_WINDOW_DAYS, AUTO_CONFIRM_DAYS), which the story's clock uses. */
const settings: Settings = { reopenWindowDays: REOPEN_WINDOW_MS / DAY };
const AUTO_CONFIRM_DAYS = AUTO_CONFIRM_MS / DAY;

/** A handoff as the story refers back to it. */
export interface HandoffRef {
  id: string;
  createdAt: number;
  toPersonId: string | null;
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

/** What every request of a run shares: the people, and the source of new ids. */
export interface ReqContext {
  dir: Directory;
  newId: () => string;
}

/** The category as create reads it, at the moment of creation. */
function categoryFacts(c: Category, t: number): CategoryFacts {
  return {
    id: c.id,
    active: true,
    teamId: c.team.id,
    defaultOwner: c.defaultOwner
      ? { id: c.defaultOwner.id, active: activeAt(c.defaultOwner, t) }
      : null,
    resolveWithin: c.resolveWithin,
  };
}

const ms = (d: Date | null) => (d ? d.getTime() : null);

/** One request being written: each action is the domain's, applied to the request as it stands. */
export class Req {
  readonly id: string;
  readonly f: NewRequest;
  /** The changes in order, to be committed together. */
  readonly changes: Change[] = [];
  /** Resolution summaries that fit (from the template). */
  fixes: readonly string[] = [];
  /** Handoff asks that fit (from the template). */
  asks: readonly string[] = [];
  /** Time of the latest event. */
  t: number;
  private state: RequestState;
  // The state does not carry the follow-up the owner promised; the story reads it.
  private nextFollowUp: Date | null = null;
  private followUpSet: Date | null = null;

  constructor(
    id: string,
    f: NewRequest,
    private readonly ctx: ReqContext,
  ) {
    this.id = id;
    this.f = f;
    this.t = f.createdAt;
    const now = new Date(f.createdAt);
    const assetId = f.asset ? ctx.dir.assets.get(f.asset) : undefined;
    const outcome = createRequest(
      { actor: f.requester.actor, now },
      {
        title: f.title,
        description: f.description,
        desiredOutcome: f.desiredOutcome,
        categoryId: f.category.id,
        ...(f.locationId ? { locationId: f.locationId } : {}),
        // A registered asset is named by its record; free text is for what is not registered.
        ...(assetId ? { assetId } : f.asset ? { asset: f.asset } : {}),
        priority: f.priority,
        ...(f.onBehalfOf ? { onBehalfOf: f.onBehalfOf } : {}),
      },
      { id, category: categoryFacts(f.category, f.createdAt), location: { active: true } },
    );
    const change = this.accepted('create', f.createdAt, outcome);
    this.state = stateAfter(null, change, f.category.team.id);
    this.changes.push(change);
  }

  get priority(): Priority {
    return this.state.priority;
  }
  get status(): Status {
    return this.state.status;
  }
  get ownerId(): string | null {
    return this.state.ownerId;
  }
  get pendingOwnerId(): string | null {
    return this.state.pendingOwnerId;
  }
  get reopenCount(): number {
    return this.state.reopenCount;
  }
  get nextFollowUpAt(): number | null {
    return ms(this.nextFollowUp);
  }
  get followUpSetAt(): number | null {
    return ms(this.followUpSet);
  }
  get targets(): Targets {
    return this.f.category.targets[this.priority];
  }

  /** The change of an allowed step; a refused one is a bug in the story, not data to write. */
  private accepted(step: string, t: number, outcome: Outcome): Change {
    if (!outcome.ok) {
      throw new Error(
        `seed: the rules refuse "${step}" at ${iso(t)} on "${this.f.title}" (${this.id}, ` +
          `${this.changes.length > 0 ? this.status : 'not created'}): ` +
          `${outcome.status} ${outcome.code}: ${outcome.message}`,
      );
    }
    for (const e of outcome.change.events) {
      const at = e.at.getTime();
      if (at < this.t)
        throw new Error(`seed: ${step} event ${e.type} at ${iso(at)} before ${iso(this.t)}`);
      this.t = at;
    }
    return outcome.change;
  }

  private apply(step: string, t: number, outcome: Outcome) {
    const change = this.accepted(step, t, outcome);
    const { nextFollowUpAt, followUpSetAt } = change.set;
    if (nextFollowUpAt !== undefined) this.nextFollowUp = nextFollowUpAt;
    if (followUpSetAt !== undefined) this.followUpSet = followUpSetAt;
    this.state = stateAfter(this.state, change);
    this.changes.push(change);
  }

  /** The story's actor, as the rules see them, at `t`. */
  private by(personId: string, t: number): ActionContext {
    const person = this.ctx.dir.byId.get(personId);
    if (!person) throw new Error(`seed: no person ${personId}`);
    return { actor: person.actor, now: new Date(t), settings };
  }

  private person(personId: string, t: number) {
    const p = this.ctx.dir.byId.get(personId);
    return p ? { id: p.id, name: p.name, active: activeAt(p, t) } : null;
  }

  offer(actor: string, to: string, t: number, note?: string) {
    this.apply(
      'offer',
      t,
      offer(this.state, this.by(actor, t), { to, note }, { to: this.person(to, t) }),
    );
  }

  accept(t: number, note?: string) {
    this.apply('accept', t, accept(this.state, this.by(this.pendingOwnerId!, t), { note }));
  }

  decline(t: number, reason: string) {
    this.apply('decline', t, decline(this.state, this.by(this.pendingOwnerId!, t), { reason }));
  }

  assign(actor: string, to: string, t: number, note?: string) {
    this.apply(
      'assign',
      t,
      assign(this.state, this.by(actor, t), { to, note }, { to: this.person(to, t) }),
    );
  }

  take(actor: string, t: number, note?: string) {
    this.apply('take', t, take(this.state, this.by(actor, t), { note }));
  }

  wait(actor: string, t: number, note: string, nextFollowUpAt: number) {
    this.apply(
      'wait',
      t,
      wait(this.state, this.by(actor, t), { note, nextFollowUpAt: iso(nextFollowUpAt) }),
    );
  }

  start(actor: string, t: number, note?: string) {
    this.apply('start', t, start(this.state, this.by(actor, t), { note }));
  }

  followUp(actor: string, t: number, at: number, note?: string) {
    this.apply('follow-up', t, followUp(this.state, this.by(actor, t), { at: iso(at), note }));
  }

  handoff(
    actor: string,
    t: number,
    to: { text: string; personId?: string },
    ask: string,
    expectedBy: number,
  ): HandoffRef {
    const id = this.ctx.newId();
    this.apply(
      'handoff',
      t,
      createHandoff(
        this.state,
        this.by(actor, t),
        {
          to: to.text,
          ask,
          expectedBy: iso(expectedBy),
          ...(to.personId ? { toPersonId: to.personId } : {}),
        },
        { id, toPerson: to.personId ? this.person(to.personId, t) : null },
      ),
    );
    return { id, createdAt: t, toPersonId: to.personId ?? null };
  }

  closeHandoff(
    actor: string,
    t: number,
    h: HandoffRef,
    status: 'done' | 'cancelled',
    note?: string,
  ) {
    this.apply(
      `handoff ${status}`,
      t,
      updateHandoff(this.state, this.by(actor, t), { status, note }, { handoffId: h.id }),
    );
  }

  comment(actor: string, t: number, body: string) {
    this.apply('comment', t, comment(this.state, this.by(actor, t), { body }));
  }

  resolve(actor: string, t: number, summary: string) {
    this.apply('resolve', t, resolve(this.state, this.by(actor, t), { summary }));
  }

  /** The domain decides whether it is on the requester's behalf (then the note is required). */
  confirm(actor: string, t: number, opts: { note?: string; rating?: number }) {
    this.apply('confirm', t, confirm(this.state, this.by(actor, t), opts));
  }

  /** The job running at `t`; the close is dated when the quiet period ended. */
  autoConfirm(t: number) {
    this.apply(
      'auto-confirm',
      t,
      autoConfirm(this.state, { now: new Date(t), days: AUTO_CONFIRM_DAYS }),
    );
  }

  reopen(actor: string, t: number, reason: string) {
    this.apply('reopen', t, reopen(this.state, this.by(actor, t), { reason }));
  }

  cancel(actor: string, t: number, reason: string) {
    this.apply('cancel', t, cancel(this.state, this.by(actor, t), { reason }));
  }

  nudge(actor: string, t: number, note: string, nextFollowUpAt: number) {
    this.apply(
      'nudge',
      t,
      nudge(this.state, this.by(actor, t), { note, nextFollowUpAt: iso(nextFollowUpAt) }),
    );
  }

  escalate(actor: string, t: number, note: string, priority: Priority) {
    this.apply(
      'escalate',
      t,
      escalate(
        this.state,
        this.by(actor, t),
        { note, priority },
        { assignTo: null, targets: this.f.category.resolveWithin },
      ),
    );
  }
}
