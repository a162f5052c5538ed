import type { SignedInPerson } from './auth.types';

/**
 * Who a session is, remembered by this process for a few seconds, so a read does not spend
 * a statement on it. What changes who a session is (a sign-out, a revoked session, a person
 * renamed, given another role or team, or deactivated) drops the entry: in this process before
 * the change's answer is sent, in the others at commit through `sessions_changed`
 * (db/sql/sessions.sql). Nothing is remembered until this process listens; each time the
 * channel is heard again after its connection dropped, everything is forgotten; and an entry
 * whose notice was lost while the connection was down lives no longer than `ttlMs`.
 */
export class SessionCache {
  private readonly entries = new Map<string, Entry>();
  private listening = false;

  constructor(private readonly opts: { ttlMs: number; max: number }) {}

  /** The session's person, if remembered, fresh and not expired at `now`. */
  get(sessionId: string, now: Date): SignedInPerson | undefined {
    if (!this.listening) return undefined;
    const entry = this.entries.get(sessionId);
    if (!entry) return undefined;
    const t = now.getTime();
    if (entry.expiresAt <= t || Date.now() - entry.storedAt > this.opts.ttlMs) {
      this.entries.delete(sessionId);
      return undefined;
    }
    return entry.person;
  }

  /**
   * Remembers a lookup that began at generation `since` (see `generation`): one that overlapped
   * a drop may have read what the drop removed, so it is not kept.
   */
  set(sessionId: string, person: SignedInPerson, expiresAt: Date, since: number): void {
    if (!this.listening || since !== this.generationCount) return;
    if (this.entries.size >= this.opts.max) this.entries.clear();
    this.entries.set(sessionId, {
      person: freeze(person),
      expiresAt: expiresAt.getTime(),
      storedAt: Date.now(),
    });
  }

  /** Bumped by every drop; a lookup reads it before it starts. */
  get generation(): number {
    return this.generationCount;
  }
  private generationCount = 0;

  /** A notice from `sessions_changed`: `{sessionId}`, `{personId}`, or `{}` for everyone. */
  changed(payload: string): void {
    let notice: { sessionId?: unknown; personId?: unknown };
    try {
      notice = JSON.parse(payload) as typeof notice;
    } catch {
      notice = {};
    }
    if (typeof notice.sessionId === 'string') this.dropSession(notice.sessionId);
    else if (typeof notice.personId === 'string') this.dropPerson(notice.personId);
    else this.clear();
  }

  dropSession(sessionId: string): void {
    this.generationCount++;
    this.entries.delete(sessionId);
  }

  dropPerson(personId: string): void {
    this.generationCount++;
    for (const [id, entry] of this.entries)
      if (entry.person.id === personId) this.entries.delete(id);
  }

  clear(): void {
    this.generationCount++;
    this.entries.clear();
  }

  /** Whether notices are being heard; losing them forgets everything until they are again. */
  setListening(on: boolean): void {
    this.listening = on;
    this.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}

interface Entry {
  person: SignedInPerson;
  expiresAt: number;
  storedAt: number;
}

/** Shared by every call of the session: nobody may change it on the way. */
function freeze(person: SignedInPerson): SignedInPerson {
  for (const team of person.teams) Object.freeze(team);
  Object.freeze(person.teams);
  return Object.freeze(person);
}
