import { existsSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { type Browser, chromium, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { buildApp } from '../../server/src/app';
import { loadConfig } from '../../server/src/config';
import { hashPassword } from '../../server/src/modules/auth/auth.service';
import { seedDemo } from '../../server/src/seed';
import { resetDatabase, testDatabase } from '../support/db';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);

if (!hasChromium) {
  console.warn(
    `Browser tests skipped: no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH).`,
  );
}

/** The real server on the demo organisation, listening on a free port. */
export async function startDemoServer() {
  const database = await testDatabase('e2e');
  await resetDatabase(database);
  await seedDemo(database.db, {
    requests: 80,
    seed: 7,
    now: new Date(),
    passwordHash: await hashPassword('followthrough'),
  });
  const app = await buildApp({
    config: loadConfig({ LOG_LEVEL: 'silent', LOGIN_RATE_MAX: '1000' }),
    database,
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { app, baseUrl: `http://127.0.0.1:${port}` };
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export async function signInAs(page: Page, baseUrl: string, email: string) {
  await page.goto(`${baseUrl}/sign-in`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('followthrough');
  await page.getByRole('button', { name: 'Sign in' }).click();
  // Attached, not visible: on a phone it sits in the folded menu.
  await page
    .getByRole('button', { name: 'Sign out', includeHidden: true })
    .waitFor({ state: 'attached' });
}

/** axe on the current screen: no serious or critical violation. */
export async function expectAccessible(page: Page, screen: string) {
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(
    bad.map(
      (v) =>
        `${screen}: ${v.id} (${v.impact}) ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
    ),
  ).toEqual([]);
}
