import type { Category, Handoff, RequestDetail } from '@followthrough/shared';
import type { APIRequestContext, Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, hasChromium, launchBrowser, signInAs, startDemoServer } from './browser';

const desired = 'The lane 2 starting block is bolted down and safe to dive from';
const summary = 'Re-anchored the block with new stainless bolts and load-tested it';
const handoffNote = 'Bolts supplied and torqued to spec';

const horizontalOverflow = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

/** A signed-in API client, for setting the scene quickly. */
async function apiAs(browser: Browser, baseUrl: string, email: string) {
  const context = await browser.newContext({ baseURL: baseUrl });
  const login = await context.request.post('/api/auth/login', {
    data: { email, password: 'followthrough' },
  });
  expect(login.status()).toBe(200);
  return context;
}

async function ok<T>(response: Awaited<ReturnType<APIRequestContext['post']>>): Promise<T> {
  expect(response.status(), await response.text()).toBeLessThan(300);
  return (await response.json()) as T;
}

describe.runIf(hasChromium)('the requester confirms against their own words', () => {
  let server: Awaited<ReturnType<typeof startDemoServer>>;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let key = '';

  beforeAll(async () => {
    server = await startDemoServer();
    browser = await launchBrowser();
    // Sam logs it; Dana (Equipment's default owner) accepts, hands part off, and resolves.
    const sam = await apiAs(browser, server.baseUrl, 'staff@example.org');
    const dana = await apiAs(browser, server.baseUrl, 'owner@example.org');
    contexts.push(sam, dana);
    const categories = await ok<Category[]>(await sam.request.get('/api/categories'));
    const equipment = categories.find((c) => c.name === 'Equipment')!;
    const created = await ok<RequestDetail>(
      await sam.request.post('/api/requests', {
        data: {
          title: 'Starting block wobbles',
          desiredOutcome: desired,
          categoryId: equipment.id,
        },
        headers: { 'Idempotency-Key': crypto.randomUUID() },
      }),
    );
    key = created.key;
    const base = `/api/requests/${created.id}`;
    await ok(await dana.request.post(`${base}/accept`, { data: {} }));
    const handoff = await ok<Handoff>(
      await dana.request.post(`${base}/handoffs`, {
        data: {
          to: 'Poolside Supplies',
          ask: 'Stainless anchor bolts',
          expectedBy: new Date(Date.now() + 86_400_000).toISOString(),
        },
      }),
    );
    await ok(
      await dana.request.patch(`${base}/handoffs/${handoff.id}`, {
        data: { status: 'done', note: handoffNote },
      }),
    );
    await ok(await dana.request.post(`${base}/resolve`, { data: { summary } }));
  });
  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => {});
    await browser?.close();
    await server?.app.close();
  });

  async function myWork(viewport: { width: number; height: number }) {
    const context = await browser.newContext({ viewport });
    contexts.push(context);
    const page = await context.newPage();
    await signInAs(page, server.baseUrl, 'staff@example.org');
    const card = page
      .getByRole('region', { name: /Awaiting my confirmation/ })
      .getByRole('listitem')
      .filter({ has: page.locator(`a[href="/requests/${key}"]`) });
    await card.waitFor();
    return { page, card };
  }

  async function expectBothTexts(page: Page, name: string) {
    const dialog = page.getByRole('dialog', { name });
    await dialog.getByRole('region', { name: 'You asked for' }).getByText(desired).waitFor();
    await dialog
      .getByRole('region', { name: 'What Dana Owner says was done' })
      .getByText(summary)
      .waitFor();
    await dialog.getByText(handoffNote, { exact: false }).waitFor();
    return dialog;
  }

  it('shows the desired outcome and the resolution in the confirm dialog, side by side at 1366 px', async () => {
    const { page, card } = await myWork({ width: 1366, height: 900 });
    await card.getByText(summary).waitFor();
    await card.getByRole('button', { name: /^Confirm/ }).click();
    const dialog = await expectBothTexts(page, 'Confirm the outcome');
    // Side by side: the two texts start on the same line.
    const asked = await dialog.getByRole('region', { name: 'You asked for' }).boundingBox();
    const done = await dialog
      .getByRole('region', { name: 'What Dana Owner says was done' })
      .boundingBox();
    expect(asked && done && Math.abs(asked.y - done.y)).toBeLessThan(2);
    expect(asked && done && done.x > asked.x).toBe(true);
    // Focus starts on the checked rating, "No rating".
    expect(
      await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.value),
    ).toBe('');
    await expectAccessible(page, 'confirm dialog at 1366 px');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
  });

  it('shows the same when reopening, and fits a 360 px phone', async () => {
    const { page, card } = await myWork({ width: 360, height: 740 });
    await card.getByRole('button', { name: /^Reopen/ }).click();
    await expectBothTexts(page, 'Reopen');
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await expectAccessible(page, 'reopen dialog at 360 px');
    await page.keyboard.press('Escape');

    await card.getByRole('button', { name: /^Confirm/ }).click();
    await expectBothTexts(page, 'Confirm the outcome');
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await expectAccessible(page, 'confirm dialog at 360 px');
  });
});
