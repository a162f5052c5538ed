import { notificationCreatedEvent, problem, requestChangedEvent } from '@followthrough/shared';
import { asNotificationCreated, asRequestChanged, isProblem } from '@followthrough/shared/guards';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

// The web app checks problem answers and stream events without zod; these hold each check to
// its schema: what the schema accepts the check accepts, and the damaged forms it refuses.
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

describe('the zod-free checks of the shared contract', () => {
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
