import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CHROMIUM,
  expectAccessible,
  hasChromium,
  launchBrowser,
  signInAs,
  startDemoServer,
} from './browser';

// Locally a missing Chromium skips the browser tests; in CI that would pass them
// unseen, so there its absence is a failure.
it.runIf(Boolean(process.env.CI))('has a browser to run on in CI', () => {
  expect(hasChromium, `no Chromium at ${CHROMIUM}`).toBe(true);
});

describe.runIf(hasChromium)('the web app in Chromium', () => {
  let server: Awaited<ReturnType<typeof startDemoServer>>;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    server = await startDemoServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.app.close();
  });

  it('staff logs a broken treadmill, finds it in Open items by search, and signs out', async () => {
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    const base = server.baseUrl;

    await page.goto(`${base}/requests`);
    await page.waitForURL(/\/sign-in/);
    await expectAccessible(page, 'sign-in');
    await signInAs(page, base, 'staff@example.org');
    await expectAccessible(page, 'my work');

    await page.getByRole('link', { name: 'New request' }).first().click();
    await page.getByLabel('Title').fill('Treadmill 3 belt slips');
    await page.getByLabel('Category').selectOption({ label: 'Equipment' });
    await page.getByLabel('Location').selectOption({ label: 'Fitness floor' });
    await page.getByLabel('Asset').fill('Treadmill #3');
    await page.getByText('What does done look like for the person who asked?').first().waitFor();
    await expectAccessible(page, 'new request');
    // Inline validation from the shared schema before anything is sent.
    await page.getByRole('button', { name: 'Log request' }).click();
    await page.getByText('Say what done looks like for the person who asked').waitFor();
    await page
      .getByLabel('Desired outcome')
      .fill('Members can run on treadmill 3 without the belt slipping');
    await page.getByRole('button', { name: 'Log request' }).click();

    await page.waitForURL(/\/requests\/REQ-\d+$/);
    const key = page.url().split('/').pop()!;
    await page.getByRole('heading', { name: /Treadmill 3 belt slips/ }).waitFor();
    await page.getByText('Members can run on treadmill 3 without the belt slipping').waitFor();
    await expectAccessible(page, 'request');

    await page.getByRole('link', { name: 'Open items' }).first().click();
    await page.getByRole('searchbox', { name: 'Search', exact: true }).fill('treadmill belt');
    await page.getByRole('searchbox', { name: 'Search', exact: true }).press('Enter');
    await page.waitForURL(/q=treadmill/);
    const table = page.getByRole('table', { name: 'Open items' });
    const row = table
      .getByRole('row')
      .filter({ has: page.getByRole('cell', { name: key, exact: true }) });
    await row.getByRole('link', { name: 'Treadmill 3 belt slips' }).waitFor();
    await expectAccessible(page, 'open items');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/sign-in/);
    const me = await page.request.get(`${base}/api/auth/me`);
    expect(me.status()).toBe(401);
    await context.close();
  });

  it('keeps the whole new-request screen usable at 360 px', async () => {
    context = await browser.newContext({ viewport: { width: 360, height: 740 } });
    page = await context.newPage();
    await signInAs(page, server.baseUrl, 'staff@example.org');
    await page.goto(`${server.baseUrl}/requests/new`);
    await page.getByRole('button', { name: 'Log request' }).waitFor();
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await expectAccessible(page, 'new request at 360 px');
    await context.close();
  });
});
