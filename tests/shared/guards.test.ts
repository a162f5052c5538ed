import {
  listRequestsQuery,
  notificationCreatedEvent,
  priorities,
  priority,
  problem,
  requestChangedEvent,
  requestSort,
  requestSorts,
  stalledReason,
  stalledReasons,
  statuses,
  uuid as uuidSchema,
} from '@followthrough/shared';
import {
  asNotificationCreated,
  asRequestChanged,
  isProblem,
  isUuid,
} from '@followthrough/shared/guards';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ListView } from '../../client/src/features/requests/list-view';
import { readView } from '../../client/src/features/requests/read-view';

// The web app checks problem answers, stream events, ids and Open items' address without zod;
// these hold each check to its schema: what the schema accepts the check accepts, and the
// damaged forms it refuses.
const uuid = '0195f2a0-0000-7000-8000-00000000d001';
const runs = { numRuns: 500, seed: 7 };

const problems = fc.record(
  {
    type: fc.string(),
    title: fc.string(),
    status: fc.integer({ min: 100, max: 599 }),
    code: fc.string(),
    detail: fc.string(),
    instance: fc.string(),
    state: fc.string(),
    currentVersion: fc.integer(),
    allowedActions: fc.array(fc.string()),
    errors: fc.array(fc.record({ path: fc.string(), message: fc.string() })),
  },
  { requiredKeys: ['type', 'title', 'status', 'code'] },
);

/** Ids, near-ids and anything else: the RFC versions and variants, the nil and max ids, any case. */
const uuidLike = fc.oneof(
  fc.uuid(),
  fc.uuid({ version: [7, 8] }).map((id) => id.toUpperCase()),
  fc.stringMatching(
    /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/,
  ),
  fc.constantFrom(
    '00000000-0000-0000-0000-000000000000',
    'ffffffff-ffff-ffff-ffff-ffffffffffff',
    'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF',
    '00000000-0000-0000-0000-00000000000',
    ' 0195f2a0-0000-7000-8000-00000000d001',
  ),
  fc.string(),
);

describe('the zod-free checks of the shared contract', () => {
  it('take an id exactly when the uuid schema does', () => {
    fc.assert(
      fc.property(fc.oneof(uuidLike, fc.anything()), (value) => {
        expect(isUuid(value)).toBe(uuidSchema.safeParse(value).success);
      }),
      runs,
    );
  });

  it('accept every problem answer the Problem schema accepts', () => {
    fc.assert(
      fc.property(problems, (p) => {
        expect(problem.safeParse(p).success).toBe(true);
        expect(isProblem(p)).toBe(true);
      }),
      runs,
    );
  });

  it('refuse what the Problem schema refuses', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.anything(),
          problems.map((p) => ({ ...p, status: 'x' })),
        ),
        (value) => {
          if (!problem.safeParse(value).success) expect(isProblem(value)).toBe(false);
        },
      ),
      runs,
    );
    const valid = { type: 'about:blank', title: 'Bad', status: 400, code: 'VALIDATION_FAILED' };
    expect(isProblem(valid)).toBe(true);
    for (const key of Object.keys(valid)) {
      const { [key as keyof typeof valid]: _dropped, ...rest } = valid;
      expect(isProblem(rest), key).toBe(false);
    }
    expect(isProblem({ ...valid, status: 400.5 })).toBe(false);
    expect(isProblem({ ...valid, errors: [{ path: 'title' }] })).toBe(false);
    expect(isProblem({ ...valid, allowedActions: [1] })).toBe(false);
    expect(isProblem(null)).toBe(false);
  });

  it('read the live events as their schemas do', () => {
    const changed = { id: uuid, key: 'REQ-12', version: 3 };
    expect(requestChangedEvent.parse(changed)).toEqual(changed);
    expect(asRequestChanged(changed)).toEqual(changed);
    expect(asRequestChanged({ ...changed, extra: true })).toEqual(changed);
    for (const bad of [
      { ...changed, id: 'not-an-id' },
      { ...changed, version: '3' },
      { id: uuid, version: 3 },
      'request',
      null,
    ]) {
      expect(requestChangedEvent.safeParse(bad).success).toBe(false);
      expect(asRequestChanged(bad)).toBeNull();
    }
    const created = { id: 'n1', unreadCount: 4 };
    expect(notificationCreatedEvent.parse(created)).toEqual(created);
    expect(asNotificationCreated(created)).toEqual(created);
    for (const bad of [{ id: 'n1' }, { id: 1, unreadCount: 4 }, [], undefined]) {
      expect(notificationCreatedEvent.safeParse(bad).success).toBe(false);
      expect(asNotificationCreated(bad)).toBeNull();
    }
    fc.assert(
      fc.property(fc.anything(), (value) => {
        if (!requestChangedEvent.safeParse(value).success) {
          expect(asRequestChanged(value)).toBeNull();
        }
        if (!notificationCreatedEvent.safeParse(value).success) {
          expect(asNotificationCreated(value)).toBeNull();
        }
      }),
      runs,
    );
  });
});

/** Open items' view, read from its URL by the list's own query schema. */
function readViewWithSchema(params: URLSearchParams): ListView {
  const ok = <T>(result: { success: true; data: T } | { success: false }): T | undefined =>
    result.success ? result.data : undefined;
  const shape = listRequestsQuery.shape;
  const status = ok(shape.status.safeParse(params.get('status') ?? undefined));
  const reason = ok(stalledReason.safeParse(params.get('reason')));
  return {
    status: params.get('status') === 'all' ? 'all' : (status?.[0] ?? 'open'),
    owner: ok(shape.owner.safeParse(params.get('owner') ?? undefined)) ?? '',
    requester: ok(shape.requester.safeParse(params.get('requester') ?? undefined)) ?? '',
    category: ok(uuidSchema.safeParse(params.get('category'))) ?? '',
    location: ok(uuidSchema.safeParse(params.get('location'))) ?? '',
    team: ok(uuidSchema.safeParse(params.get('team'))) ?? '',
    priority: ok(priority.safeParse(params.get('priority'))) ?? '',
    stalled: reason ?? (params.get('stalled') === 'true' ? 'any' : ''),
    q: (params.get('q') ?? '').slice(0, 200),
    sort: ok(requestSort.safeParse(params.get('sort'))) ?? '-created',
  };
}

describe("Open items' view, read from its address without zod", () => {
  const word = (...choices: readonly string[]) =>
    fc.oneof(
      fc.constantFrom(...choices),
      fc.constantFrom(...choices).map((w) => w.toUpperCase()),
    );
  const param = (value: fc.Arbitrary<string>) => fc.option(fc.oneof(value, fc.string()));
  const views = fc.record({
    status: param(word(...statuses, 'open', 'all')),
    owner: param(fc.oneof(uuidLike, word('me', 'none'))),
    requester: param(fc.oneof(uuidLike, word('me', 'none'))),
    category: param(uuidLike),
    location: param(uuidLike),
    team: param(uuidLike),
    priority: param(word(...priorities)),
    stalled: param(word('true', 'false')),
    reason: param(word(...stalledReasons)),
    q: param(fc.string({ maxLength: 300 })),
    sort: param(word(...requestSorts)),
  });

  it('reads every parameter as the list query schema does', () => {
    fc.assert(
      fc.property(views, (view) => {
        const params = new URLSearchParams();
        for (const [name, value] of Object.entries(view)) {
          if (value !== null) params.set(name, value);
        }
        expect(readView(params)).toEqual(readViewWithSchema(params));
      }),
      runs,
    );
  });
});
