import {
  createRequestBody,
  errorCode,
  errorCodes,
  escalateBody,
  isErrorCode,
  listRequestsQuery,
  patchRequestBody,
  problem,
  timesQuery,
} from '@followthrough/shared';
import { describe, expect, it } from 'vitest';

const category = '7a0e3c4e-1111-4222-8333-444455556666';

describe('createRequestBody', () => {
  it('trims text, defaults the priority, and refuses unknown fields', () => {
    const ok = createRequestBody.parse({
      title: '  Treadmill 3  ',
      desiredOutcome: 'Runs',
      categoryId: category,
    });
    expect(ok).toEqual({
      title: 'Treadmill 3',
      desiredOutcome: 'Runs',
      categoryId: category,
      priority: 'normal',
    });
    const bad = createRequestBody.safeParse({
      title: '   ',
      desiredOutcome: 'x',
      categoryId: category,
      owner: 'me',
    });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((i) => i.path.join('.') || i.code).sort()).toEqual([
      'title',
      'unrecognized_keys',
    ]);
  });
});

describe('listRequestsQuery', () => {
  it('takes repeatable filters as one value or many', () => {
    expect(listRequestsQuery.parse({ status: 'open' }).status).toEqual(['open']);
    expect(listRequestsQuery.parse({ status: ['new', 'waiting'] }).status).toEqual([
      'new',
      'waiting',
    ]);
    expect(listRequestsQuery.parse({}).limit).toBe(50);
    expect(listRequestsQuery.safeParse({ limit: '201' }).success).toBe(false);
  });
});

describe('action bodies', () => {
  it('escalate needs a priority or a person', () => {
    expect(escalateBody.safeParse({ note: 'x' }).success).toBe(false);
    expect(escalateBody.safeParse({ note: 'x', priority: 'high' }).success).toBe(true);
  });

  it('an empty PATCH is refused', () => {
    expect(patchRequestBody.safeParse({}).success).toBe(false);
    expect(patchRequestBody.safeParse({ asset: null }).success).toBe(true);
  });

  it('a figures range must run forwards', () => {
    expect(timesQuery.safeParse({ from: '2026-02-01', to: '2026-01-01' }).success).toBe(false);
    expect(timesQuery.parse({ from: '2026-01-01', to: '2026-02-01' }).groupBy).toBe('none');
  });
});

describe('ErrorCode', () => {
  it('names each code once, in SCREAMING_SNAKE', () => {
    expect(new Set(errorCodes).size).toBe(errorCodes.length);
    for (const code of errorCodes) expect(code).toMatch(/^[A-Z]+(?:_[A-Z]+)*$/);
  });

  it('holds the codes SPEC §8 and §12 name', () => {
    for (const code of [
      'VALIDATION_FAILED',
      'HANDOFF_OPEN',
      'STALE_VERSION',
      'ACTION_NOT_ALLOWED',
      'EMAIL_TAKEN',
      'NAME_TAKEN',
      'LAST_ADMIN',
    ]) {
      expect(isErrorCode(code)).toBe(true);
    }
    expect(errorCode.safeParse('TEAPOT').success).toBe(false);
  });

  it('is what a problem carries', () => {
    const body = {
      type: 'https://followthrough.dev/problems/stale-version',
      title: 'x',
      status: 412,
    };
    expect(problem.safeParse({ ...body, code: 'STALE_VERSION' }).success).toBe(true);
  });
});
