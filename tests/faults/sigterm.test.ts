import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SseClient } from '../support/sse';
import { call, kill, type Server, setUpCategory, signIn, startServer } from './support';

// SPEC §15: SIGTERM lets in-flight calls finish, refuses new ones, closes streams cleanly and
// exits 0 within the grace period, with no 5xx.

const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterAll(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** Whether a new TCP connection to the port is refused. */
const refused = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });

describe('SIGTERM under load', () => {
  it('finishes what is in flight, refuses what is new, ends streams and exits 0', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ft-faults-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const server: Server = await startServer({ DATA_DIR: dir });
    cleanups.push(() => kill(server));
    const cookie = await signIn(server.base);
    const categoryId = await setUpCategory(server.base, cookie);
    const streams = await Promise.all(
      Array.from({ length: 3 }, () => SseClient.open(`${server.base}/api/stream`, { cookie })),
    );
    for (const s of streams) await s.until(() => s.retry !== undefined, 'the first block');

    let stopping = false;
    const answers: number[] = [];
    /** Calls sent before the signal, and what became of each. */
    const before: Promise<number | 'failed'>[] = [];
    let n = 0;
    const worker = async () => {
      while (!stopping) {
        const i = n++;
        const sent =
          i % 2 === 0
            ? call(server.base, cookie, 'POST', '/api/requests', {
                title: `Shutdown create ${i}`,
                desiredOutcome: 'Recorded before the stop',
                categoryId,
              })
            : call(server.base, cookie, 'GET', '/api/requests?limit=50');
        const outcome = sent.then(
          async (res) => {
            await res.arrayBuffer();
            answers.push(res.status);
            return res.status;
          },
          () => 'failed' as const,
        );
        before.push(outcome);
        await outcome;
      }
    };
    const workers = Array.from({ length: 10 }, worker);
    while (answers.length < 100) await new Promise((r) => setTimeout(r, 5));

    const signalledAt = Date.now();
    stopping = true;
    const inFlight = before.length - answers.length;
    server.child.kill('SIGTERM');
    await Promise.all(workers);
    const outcomes = await Promise.all(before);
    // What was in flight when the signal came was answered, and nothing was a 5xx.
    expect(inFlight).toBeGreaterThan(0);
    expect(outcomes.filter((o) => o === 'failed')).toEqual([]);
    expect(outcomes.filter((o) => typeof o === 'number' && o >= 500)).toEqual([]);
    // Once it has ended its streams (the first thing it does), the listener closes: new
    // connections are refused while in-flight work finishes.
    await Promise.all(streams.map((s) => s.ended));
    const endedAt = Date.now();
    while (!(await refused(server.port))) {
      if (Date.now() - endedAt > 2000) expect.fail('still accepting connections 2 s on');
      await new Promise((r) => setTimeout(r, 10));
    }
    const exit = await server.exited;
    expect(exit).toEqual({ code: 0, signal: null });
    // Within the grace period (close-with-grace's 10 s).
    expect(Date.now() - signalledAt).toBeLessThan(10_000);
    // Streams were ended by the server, not cut.
    expect(streams.map((s) => s.endedBy)).toEqual(['server', 'server', 'server']);
    expect(server.output()).not.toMatch(/"level":(50|60)/);
  });
});
