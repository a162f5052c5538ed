import type { Category } from '@followthrough/shared';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, hasChromium, launchBrowser, signInAs, startDemoServer } from './browser';

const desktop = { viewport: { width: 1280, height: 900 } };
const phone = { viewport: { width: 360, height: 740 } };
const figuresChunk = /\/assets\/figures-report-[^/]*\.js$/;

/** A browser context signed in through the API, for setting the scene quickly. */
async function apiAs(browser: Browser, baseUrl: string, email: string) {
  const context = await browser.newContext({ baseURL: baseUrl });
  const login = await context.request.post('/api/auth/login', {
    data: { email, password: 'followthrough' },
  });
  expect(login.status()).toBe(200);
  return context;
}

describe.runIf(hasChromium)('errors and follow-ups in Chromium', () => {
  let server: Awaited<ReturnType<typeof startDemoServer>>;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  const newPage = async (options = desktop): Promise<Page> => {
    const context = await browser.newContext(options);
    contexts.push(context);
    return context.newPage();
  };

  beforeAll(async () => {
    server = await startDemoServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => {});
    await browser?.close();
    await server?.app.close();
  });

  it('a route whose code fails to load shows the error inside the layout, with the navigation, and offers a reload', async () => {
    const page = await newPage();
    await signInAs(page, server.baseUrl, 'owner@example.org');
    let tries = 0;
    await page.route(figuresChunk, (route) => {
      tries += 1;
      return route.abort('internetdisconnected');
    });

    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Figures' }).click();
    const main = page.getByRole('main');
    await main
      .getByRole('heading', { level: 1, name: 'This screen could not be loaded' })
      .waitFor();
    expect(tries).toBe(2);
    expect(await main.getByRole('button', { name: 'Reload' }).isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: 'Sign out' }).isVisible()).toBe(true);
    expect(await page.getByText('Failed to fetch dynamically imported module').count()).toBe(0);
    await expectAccessible(page, 'Figures that failed to load');

    // The navigation still works without a reload.
    await nav.getByRole('link', { name: 'Open items' }).click();
    await main.getByRole('heading', { level: 1, name: 'Open items' }).waitFor();

    // Back once the code arrives: Reload brings Figures.
    await page.unroute(figuresChunk);
    await nav.getByRole('link', { name: 'Figures' }).click();
    await main.getByRole('button', { name: 'Reload' }).click();
    await main.getByRole('heading', { level: 1, name: 'Figures' }).waitFor();
  });

  it('a code fetch that fails once is retried and the screen loads', async () => {
    const page = await newPage();
    await signInAs(page, server.baseUrl, 'owner@example.org');
    let tries = 0;
    await page.route(figuresChunk, (route) => {
      tries += 1;
      return tries === 1 ? route.abort('connectionreset') : route.continue();
    });
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Figures' })
      .click();
    await page.getByRole('main').getByRole('heading', { level: 1, name: 'Figures' }).waitFor();
    await page.getByRole('main').locator('.figures-report, table, svg').first().waitFor();
    expect(tries).toBe(2);
    expect(await page.getByText('This screen could not be loaded').count()).toBe(0);
  });

  it('a met follow-up is shown as met on Open items and on the request page', async () => {
    const staff = await apiAs(browser, server.baseUrl, 'staff@example.org');
    const owner = await apiAs(browser, server.baseUrl, 'owner@example.org');
    contexts.push(staff, owner);
    const categories = (await (await staff.request.get('/api/categories')).json()) as Category[];
    const equipment = categories.find((c) => c.name === 'Equipment')!;
    const title = 'Rowing machine 2 seat sticks';
    const created = await staff.request.post('/api/requests', {
      data: { title, desiredOutcome: 'The seat slides freely', categoryId: equipment.id },
    });
    const { id, key } = (await created.json()) as { id: string; key: string };
    expect((await owner.request.post(`/api/requests/${id}/accept`, { data: {} })).status()).toBe(
      200,
    );
    const at = new Date(Date.now() + 2 * 86_400_000).toISOString();
    expect(
      (
        await owner.request.post(`/api/requests/${id}/follow-up`, {
          data: { at, note: 'Order the part' },
        })
      ).status(),
    ).toBe(200);
    // The owner acts after setting it: the promise is kept.
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(
      (
        await owner.request.post(`/api/requests/${id}/comments`, {
          data: { body: 'Part ordered' },
        })
      ).status(),
    ).toBe(200);

    for (const options of [desktop, phone]) {
      const page = await newPage(options);
      await signInAs(page, server.baseUrl, 'owner@example.org');
      await page.goto(`${server.baseUrl}/requests?q=${encodeURIComponent(title)}`);
      const row = page.locator('tr').filter({ has: page.getByRole('link', { name: title }) });
      await row.getByText('Followed up today').waitFor();
      expect(await row.textContent()).not.toContain('overdue');
      await row.getByRole('link', { name: `Set the next follow-up for ${key}` }).click();

      await page.getByRole('heading', { level: 1, name: title }).waitFor();
      await page.getByText('Followed up today').waitFor();
      await page.getByText('Set the next one with Set follow-up.').waitFor();
      await page.getByRole('button', { name: 'Set follow-up' }).waitFor();
      await expectAccessible(page, `Request with a met follow-up at ${options.viewport.width} px`);
    }
  });
});
