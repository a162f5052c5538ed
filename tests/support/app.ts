import { buildApp } from '../../server/src/app';
import { loadConfig } from '../../server/src/config';
import { resetDatabase, testDatabase } from './db';
import { PASSWORD } from './factories';

/** A clock tests can move. */
export class TestClock {
  constructor(public current = new Date('2026-03-02T09:00:00.000Z')) {}
  now = () => new Date(this.current);
  advance(ms: number) {
    this.current = new Date(this.current.getTime() + ms);
  }
}

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

/** The tests' configuration: quiet, and no periodic work unless a test turns it on. */
export function testConfig(env: Record<string, string> = {}) {
  return loadConfig({
    LOG_LEVEL: 'silent',
    NODE_ENV: 'test',
    JOBS_INTERVAL_MS: '0',
    FIGURES_INTERVAL_MS: '0',
    NOTIFICATIONS_INTERVAL_MS: '0',
    STREAM_INTERVAL_MS: '0',
    MAIL_INTERVAL_MS: '0',
    ...env,
  });
}

/** Builds the real app on the worker's database, emptied first. */
export async function makeTestApp(env: Record<string, string> = {}) {
  const database = await testDatabase();
  await resetDatabase(database);
  const clock = new TestClock();
  const config = testConfig(env);
  const app = await buildApp({ config, database, now: clock.now });
  await app.ready();
  return { app, db: database.db, database, clock };
}

export type TestApp = Awaited<ReturnType<typeof makeTestApp>>['app'];

/** Signs in and returns the Cookie header to send with later calls. */
export async function signIn(app: TestApp, email: string, password = PASSWORD) {
  const res = await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { email, password },
  });
  if (res.statusCode !== 200) throw new Error(`sign-in failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === 'ft_session');
  return `ft_session=${cookie!.value}`;
}
