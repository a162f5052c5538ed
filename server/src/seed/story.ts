import { type Priority, priorities } from '@followthrough/shared';
import { AUTO_CONFIRM_MS, DAY, HOUR, hourUp, MIN, REOPEN_WINDOW_MS, secondsUp } from './clock';
import { memberNames, text } from './content';
import { activeAt, type Category, type Directory, type Person } from './directory';
import type { NewRequest, Req } from './request';

/*
 * The story of a request: routed, owned, worked (comments, waits with
 * follow-ups, handoffs), resolved, confirmed or auto-confirmed, sometimes
 * reopened or cancelled, one event at a time through SPEC §4, until `now`.
 */

export interface Sim {
  now: number;
  rnd: () => number;
  dir: Directory;
}

export const between = (g: Sim, a: number, b: number) => a + (b - a) * g.rnd();
export const chance = (g: Sim, p: number) => g.rnd() < p;
export const pick = <T>(g: Sim, xs: readonly T[]): T => xs[Math.floor(g.rnd() * xs.length)]!;

/** The time `delay` after the request's last event, or null when that is past `now` (the story stops). */
function after(b: Req, g: Sim, delay: number): number | null {
  const t = secondsUp(b.t + Math.max(1000, delay));
  return t > g.now ? null : t;
}

function atOrAfter(b: Req, g: Sim, when: number): number | null {
  return after(b, g, when - b.t);
}

function leadFor(g: Sim, c: Category, t: number): Person {
  return (
    c.team.leads.find((p) => activeAt(p, t)) ??
    g.dir.admins.find((p) => activeAt(p, t)) ??
    g.dir.people.find((p) => activeAt(p, t))!
  );
}

function ownerFor(g: Sim, c: Category, t: number, ...except: (string | null)[]): Person {
  const ok = (p: Person) => activeAt(p, t) && !except.includes(p.id);
  const members = c.team.members.filter(ok);
  if (members.length > 0 && chance(g, 0.9)) return pick(g, members);
  const leads = c.team.leads.filter(ok);
  if (leads.length > 0) return pick(g, leads);
  if (members.length > 0) return pick(g, members);
  return g.dir.admins.find(ok) ?? g.dir.people.find(ok) ?? g.dir.people[0]!;
}

/**
 * The owner's next step, `delay` from now; when the owner has left by then,
 * their lead reassigns the request first (owners must be active people).
 */
function ownerStep(b: Req, g: Sim, delay: number): number | null {
  let t = after(b, g, delay);
  if (t === null) return null;
  const owner = g.dir.byId.get(b.ownerId!)!;
  if (!activeAt(owner, t)) {
    const c = b.f.category;
    b.assign(leadFor(g, c, t).id, ownerFor(g, c, t, owner.id).id, t, pick(g, text.reassign));
    t = after(b, g, between(g, 0.5, 3) * HOUR);
  }
  return t;
}

/** An offer is answered: accepted, or declined and then assigned by the lead. */
function answerOffer(b: Req, g: Sim, delay: number, acceptRate: number): boolean {
  const t = after(b, g, delay);
  if (t === null) return false;
  const c = b.f.category;
  const to = g.dir.byId.get(b.pendingOwnerId!)!;
  if (!activeAt(to, t)) {
    // They left before answering: the lead assigns someone else, which clears the offer
    // (someone other than the current owner too, when the offer was a transfer).
    b.assign(
      leadFor(g, c, t).id,
      ownerFor(g, c, t, to.id, b.ownerId).id,
      t,
      pick(g, text.reassign),
    );
    return true;
  }
  if (chance(g, acceptRate)) {
    b.accept(t, chance(g, 0.2) ? 'On it.' : undefined);
    return true;
  }
  b.decline(t, pick(g, text.decline));
  if (b.ownerId !== null) return true; // a transfer that fell through: the owner keeps it
  const t2 = after(b, g, b.targets.own * between(g, 0.05, 0.5));
  if (t2 === null) return false;
  b.assign(leadFor(g, c, t2).id, ownerFor(g, c, t2, to.id).id, t2);
  return true;
}

/** From creation to an owner. False when the story stopped (or the request was cancelled). */
function routeAndOwn(b: Req, g: Sim): boolean {
  const c = b.f.category;
  const T = b.targets;
  // Create routed it already: to the category's default owner, who owns it at once when they
  // logged it themselves.
  if (b.ownerId !== null) return true;
  if (b.pendingOwnerId !== null) {
    const delay = T.own * (chance(g, 0.85) ? between(g, 0.02, 0.7) : between(g, 1, 3));
    return answerOffer(b, g, delay, 0.9);
  }
  const delay = T.own * (chance(g, 0.8) ? between(g, 0.03, 0.9) : between(g, 1, 4));
  const t = after(b, g, delay);
  if (t === null) return false;
  if (chance(g, 0.015)) {
    b.cancel(leadFor(g, c, t).id, t, pick(g, text.cancel));
    return false;
  }
  const x = g.rnd();
  const lead = leadFor(g, c, t);
  const who = ownerFor(g, c, t);
  if (x < 0.55 || who.id === lead.id) {
    b.take(who.id, t);
    return true;
  }
  if (x < 0.8) {
    b.assign(lead.id, who.id, t);
    return true;
  }
  b.offer(lead.id, who.id, t);
  return answerOffer(b, g, T.own * between(g, 0.02, 0.6), 0.88);
}

function handoffFlow(b: Req, g: Sim, extra: number): boolean {
  const T = b.targets;
  const c = b.f.category;
  const at = ownerStep(b, g, extra + T.resolve * between(g, 0.02, 0.15));
  if (at === null) return false;
  const owner = b.ownerId!;
  let to: { text: string; personId?: string };
  let ask: string;
  const toPerson = chance(g, 0.35);
  const others = g.dir.people.filter(
    (p) => p.id !== owner && activeAt(p, at) && p.role !== 'admin',
  );
  if (toPerson && others.length > 0) {
    const p = pick(g, others);
    to = { text: p.name, personId: p.id };
    ask = pick(g, text.personAsk);
  } else {
    to = { text: pick(g, c.content.vendors) };
    ask = b.asks.length > 0 ? pick(g, b.asks) : `Please fix: ${b.f.title}`;
  }
  const expectedBy = hourUp(at + Math.max(2 * HOUR, T.resolve * between(g, 0.15, 0.45)));
  const h = b.handoff(owner, at, to, ask, expectedBy);
  if (b.status === 'in_progress' && chance(g, 0.45)) {
    const tw = ownerStep(b, g, between(g, 1, 30) * MIN);
    if (tw === null) return false;
    b.wait(b.ownerId!, tw, pick(g, text.waitHandoff), expectedBy + between(g, 2, 24) * HOUR);
  }
  const r = g.rnd();
  const f = r < 0.7 ? between(g, 0.3, 1) : r < 0.95 ? between(g, 1, 2) : between(g, 2, 4);
  const doneAt = h.createdAt + (expectedBy - h.createdAt) * f;
  if (f > 1.3 && chance(g, 0.35)) {
    const nudgeAt = expectedBy + T.quiet * between(g, 0.1, 0.5);
    if (nudgeAt < doneAt) {
      const tn = atOrAfter(b, g, nudgeAt);
      if (tn === null) return false;
      b.nudge(leadFor(g, c, tn).id, tn, pick(g, text.nudge), hourUp(tn + between(g, 1, 2) * DAY));
    }
  }
  const td = atOrAfter(b, g, doneAt);
  if (td === null) return false;
  const done = chance(g, 0.9);
  const person = h.toPersonId ? g.dir.byId.get(h.toPersonId) : undefined;
  const note = done
    ? chance(g, 0.6)
      ? pick(g, text.handoffDone)
      : undefined
    : pick(g, text.handoffCancelled);
  if (done && person && activeAt(person, td) && chance(g, 0.7)) {
    b.closeHandoff(person.id, td, h, 'done', note);
  } else {
    // The owner records it (after a reassignment if they have left).
    const ts = ownerStep(b, g, td - b.t);
    if (ts === null) return false;
    b.closeHandoff(b.ownerId!, ts, h, done ? 'done' : 'cancelled', note);
  }
  if (b.status === 'waiting') {
    const ts = ownerStep(b, g, between(g, 0.5, 6) * HOUR);
    if (ts === null) return false;
    b.start(b.ownerId!, ts, pick(g, text.start));
  }
  return true;
}

function waitFlow(b: Req, g: Sim, extra: number): boolean {
  const T = b.targets;
  const c = b.f.category;
  const tw = ownerStep(b, g, extra + T.quiet * between(g, 0.05, 0.5));
  if (tw === null) return false;
  const fu = hourUp(tw + T.resolve * between(g, 0.08, 0.3));
  b.wait(b.ownerId!, tw, pick(g, text.wait), fu);
  for (let pushes = 0; ; pushes++) {
    const late = chance(g, 0.28);
    const f = late ? between(g, 1.05, 2.5) : between(g, 0.4, 1);
    const setAt = b.followUpSetAt!;
    const due = b.nextFollowUpAt!;
    const actAt = setAt + (due - setAt) * f;
    if (late && chance(g, 0.4)) {
      const nudgeAt = due + T.quiet * between(g, 0.1, 0.6);
      if (nudgeAt < actAt) {
        const tn = atOrAfter(b, g, nudgeAt);
        if (tn === null) return false;
        b.nudge(leadFor(g, c, tn).id, tn, pick(g, text.nudge), hourUp(tn + between(g, 1, 2) * DAY));
      }
    }
    const t = ownerStep(b, g, actAt - b.t);
    if (t === null) return false;
    if (pushes < 2 && chance(g, 0.3)) {
      b.followUp(
        b.ownerId!,
        t,
        hourUp(t + T.resolve * between(g, 0.05, 0.2)),
        pick(g, text.followUp),
      );
      continue;
    }
    b.start(b.ownerId!, t, pick(g, text.start));
    return true;
  }
}

/** One round of work, ending resolved. False when the story stopped or the request was cancelled. */
function work(b: Req, g: Sim, round: number): boolean {
  const c = b.f.category;
  if (chance(g, round === 0 ? 0.55 : 0.8)) {
    const t = ownerStep(b, g, b.targets.quiet * between(g, 0.02, 0.4));
    if (t === null) return false;
    b.comment(b.ownerId!, t, pick(g, round === 0 ? text.firstLook : text.reopenLook));
  }
  // Now and then a request is forgotten for a while.
  let extra = chance(g, 0.015) ? b.targets.resolve * between(g, 0.8, 3) : 0;
  if (extra > 0 && chance(g, 0.5)) {
    const tn = after(b, g, b.targets.quiet * between(g, 1.1, 2));
    if (tn === null) return false;
    b.nudge(leadFor(g, c, tn).id, tn, pick(g, text.nudge), hourUp(tn + between(g, 1, 2) * DAY));
  }
  if (chance(g, 0.05)) {
    const t = ownerStep(b, g, extra + b.targets.quiet * between(g, 0.05, 0.5));
    if (t === null) return false;
    extra = 0;
    const to = ownerFor(g, c, t, b.ownerId);
    if (to.id !== b.ownerId) {
      b.offer(b.ownerId!, to.id, t, pick(g, text.transfer));
      if (!answerOffer(b, g, b.targets.own * between(g, 0.05, 0.8), 0.8)) return false;
    }
  }
  if (round === 0 && b.priority !== 'urgent' && chance(g, 0.02)) {
    const t = after(b, g, extra + b.targets.quiet * between(g, 0.3, 1.2));
    if (t === null) return false;
    extra = 0;
    const up = priorities[priorities.indexOf(b.priority) + 1]!;
    b.escalate(leadFor(g, c, t).id, t, pick(g, text.escalate), up);
  }
  if (chance(g, round === 0 ? 0.03 : 0.01)) {
    const t = ownerStep(b, g, extra + b.targets.resolve * between(g, 0.05, 0.5));
    if (t === null) return false;
    b.cancel(b.ownerId!, t, pick(g, text.cancel));
    return false;
  }
  if (chance(g, round === 0 ? 0.32 : 0.2)) {
    const n = chance(g, 0.15) ? 2 : 1;
    for (let i = 0; i < n; i++) {
      if (!handoffFlow(b, g, extra)) return false;
      extra = 0;
    }
  }
  if (chance(g, 0.3)) {
    if (!waitFlow(b, g, extra)) return false;
    extra = 0;
  }
  if (chance(g, 0.12)) {
    const t = after(b, g, b.targets.quiet * between(g, 0.1, 0.8));
    if (t === null) return false;
    if (activeAt(b.f.requester, t)) b.comment(b.f.requester.id, t, pick(g, text.requester));
  }
  const t = ownerStep(b, g, extra + b.targets.resolve * between(g, 0.03, 0.25));
  if (t === null) return false;
  b.resolve(b.ownerId!, t, b.fixes.length > 0 ? pick(g, b.fixes) : 'Fixed and checked.');
  return true;
}

function rating(g: Sim): number {
  const x = g.rnd();
  return x < 0.5 ? 5 : x < 0.8 ? 4 : x < 0.92 ? 3 : x < 0.97 ? 2 : 1;
}

/** Who reopens: the requester, or (when they have left) the owner, or the lead. */
function reopener(b: Req, g: Sim, t: number): string {
  if (activeAt(b.f.requester, t)) return b.f.requester.id;
  const owner = g.dir.byId.get(b.ownerId!)!;
  return activeAt(owner, t) ? owner.id : leadFor(g, b.f.category, t).id;
}

/** After a resolve: confirmed, auto-confirmed or reopened. True when reopened (work again). */
function afterResolve(b: Req, g: Sim, round: number): boolean {
  const requester = b.f.requester;
  const resolvedAt = b.t;
  const canReopen = b.reopenCount < 3;
  const x = g.rnd();
  const reopenP = canReopen ? (round === 0 ? 0.035 : 0.12) : 0;
  if (x < reopenP) {
    const t = after(b, g, between(g, 2 * HOUR, 4 * DAY));
    if (t === null) return false;
    const by = reopener(b, g, t);
    b.reopen(by, t, pick(g, text.reopen));
    return true;
  }
  if (x < reopenP + 0.6) {
    const t = after(b, g, 10 * MIN + 4.4 * DAY * g.rnd() ** 2);
    if (t !== null && activeAt(requester, t)) {
      b.confirm(requester.id, t, {
        rating: chance(g, 0.7) ? rating(g) : undefined,
        note: chance(g, 0.4) ? pick(g, text.confirm) : undefined,
      });
    }
  } else if (x < reopenP + 0.63) {
    const t = after(b, g, between(g, 1, 4.5) * DAY);
    if (t !== null) {
      b.confirm(leadFor(g, b.f.category, t).id, t, { note: pick(g, text.onBehalf) });
    }
  }
  if (b.status === 'resolved') {
    // The job's first run after the quiet period ended (auto-confirm dates it at that end).
    const t = atOrAfter(b, g, resolvedAt + AUTO_CONFIRM_MS);
    if (t === null) return false;
    b.autoConfirm(t);
  }
  if (canReopen && chance(g, round === 0 ? 0.025 : 0.1)) {
    const t = after(b, g, between(g, 0.5 * DAY, REOPEN_WINDOW_MS - DAY));
    if (t === null) return false;
    const by = reopener(b, g, t);
    b.reopen(by, t, pick(g, text.reopen));
    return true;
  }
  return false;
}

export function simulate(b: Req, g: Sim) {
  if (!routeAndOwn(b, g)) return;
  for (let round = 0; round < 4; round++) {
    if (!work(b, g, round)) return;
    if (!afterResolve(b, g, round)) return;
  }
}

// ---------------------------------------------------------------- a new request

const weightedPick = <T>(g: Sim, xs: readonly T[], weight: (x: T) => number): T => {
  let total = 0;
  for (const x of xs) total += weight(x);
  let r = g.rnd() * total;
  for (const x of xs) {
    r -= weight(x);
    if (r < 0) return x;
  }
  return xs[xs.length - 1]!;
};

const basePriority: [Priority, number][] = [
  ['low', 0.18],
  ['normal', 0.58],
  ['high', 0.19],
  ['urgent', 0.05],
];

export function newBulkRequest(
  g: Sim,
  createdAt: number,
): { f: NewRequest; fixes: string[]; asks: string[] } {
  const dir = g.dir;
  const category = weightedPick(g, dir.categories, (c) => c.weight);
  const tpl = pick(g, category.content.templates);
  const n = tpl.n ? String(1 + Math.floor(g.rnd() * tpl.n)) : '';
  const known = tpl.locations.filter((l) => dir.locations.has(l));
  const locName = known.length > 0 ? pick(g, known) : null;
  let locationId = locName ? dir.locations.get(locName)! : null;
  if (!locationId && dir.locationIds.length > 0 && chance(g, 0.5))
    locationId = pick(g, dir.locationIds);
  const fill = (s: string) => s.replaceAll('{n}', n).replaceAll('{loc}', locName ?? 'the building');
  const priority =
    tpl.priority && chance(g, 0.6) ? tpl.priority : weightedPick(g, basePriority, (p) => p[1])[0];
  let requester = weightedPick(g, dir.people, (p) =>
    activeAt(p, createdAt) ? p.requesterWeight : 0,
  );
  if (!activeAt(requester, createdAt))
    requester = dir.people.find((p) => activeAt(p, createdAt)) ?? requester;
  const onBehalfOf =
    tpl.member || chance(g, 0.08)
      ? `Member: ${pick(g, memberNames)} (#${10_000 + Math.floor(g.rnd() * 9000)})`
      : null;
  return {
    fixes: tpl.fixes.map(fill),
    asks: (tpl.asks ?? []).map(fill),
    f: {
      title: fill(tpl.title),
      description: fill(tpl.description),
      desiredOutcome: fill(tpl.outcome),
      category,
      locationId,
      asset: tpl.asset ? fill(tpl.asset) : null,
      priority,
      requester,
      onBehalfOf,
      createdAt,
    },
  };
}
