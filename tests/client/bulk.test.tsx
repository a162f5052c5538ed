import { afterEach, describe, expect, it, vi } from 'vitest';
import { changeFor, runBulk, summaryOf } from '../../client/src/features/requests/bulk';
import { json, problemResponse, stubApi } from './helpers';

afterEach(() => vi.unstubAllGlobals());

const ref = (n: number) => ({
  id: `00000000-0000-4000-8000-00000000000${n}`,
  key: `REQ-${n}`,
  version: n * 10,
});

describe('bulk actions', () => {
  it('sends each request its own change with If-Match, and reports each refusal', async () => {
    const stub = stubApi({
      [`POST /api/requests/${ref(1).id}/cancel`]: json({}),
      [`POST /api/requests/${ref(2).id}/cancel`]: () =>
        problemResponse(409, 'ACTION_NOT_ALLOWED', 'Not allowed now', {
          detail: 'It is already closed.',
        }),
      [`POST /api/requests/${ref(3).id}/cancel`]: json({}),
    });
    const results = await runBulk([ref(1), ref(2), ref(3)], {
      kind: 'cancel',
      reason: 'Duplicate',
    });
    expect(results.map((r) => [r.ref.key, r.ok])).toEqual([
      ['REQ-1', true],
      ['REQ-2', false],
      ['REQ-3', true],
    ]);
    const calls = stub.callsTo('POST', `/api/requests/${ref(2).id}/cancel`);
    expect(calls[0]!.headers.get('If-Match')).toBe('"20"');
    expect(calls[0]!.body).toEqual({ reason: 'Duplicate' });
    const summary = summaryOf(results);
    expect(summary.headline).toBe('2 of 3 requests changed');
    expect(summary.refused).toEqual([
      { ref: ref(2), ok: false, title: 'Not allowed now', detail: 'It is already closed.' },
    ]);
  });

  it('never has more than `concurrency` changes in flight', async () => {
    let inFlight = 0;
    let most = 0;
    const send = async () => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      await new Promise((r) => setTimeout(r, 5));
      inFlight -= 1;
      return {} as never;
    };
    const refs = [1, 2, 3, 4, 5, 6, 7].map(ref);
    const results = await runBulk(
      refs,
      { kind: 'follow-up', at: new Date().toISOString() },
      {
        concurrency: 2,
        send,
      },
    );
    expect(results.every((r) => r.ok)).toBe(true);
    expect(most).toBe(2);
  });

  it('maps each action to the per-request endpoint body', () => {
    expect(changeFor({ kind: 'offer', to: 'p' })).toEqual({
      kind: 'action',
      action: 'offer',
      body: { to: 'p' },
    });
    expect(changeFor({ kind: 'assign', to: 'p' })).toMatchObject({ action: 'assign' });
    expect(changeFor({ kind: 'priority', priority: 'high' })).toEqual({
      kind: 'edit',
      body: { priority: 'high' },
    });
  });
});
