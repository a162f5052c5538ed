import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, hasChromium, launchBrowser, signInAs, startDemoServer } from './browser';

const desktop = { viewport: { width: 1366, height: 900 } };
/** Long enough for a change to travel commit → stream → refetch on two busy cores. */
const live = { timeout: 15_000 };

/** The card of one request in a My work section. */
const cardOf = (page: Page, section: string | RegExp, key: string) =>
  page
    .getByRole('region', { name: section })
    .getByRole('listitem')
    .filter({ has: page.locator(`a[href="/requests/${key}"]`) });

/** Opens a screen and waits until its live stream is connected, so no change is missed. */
async function openLive(page: Page, url: string) {
  const stream = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/stream');
  await page.goto(url);
  expect((await stream).status()).toBe(200);
}

/** True when the page is no wider than its viewport (no sideways scrolling). */
const fitsWidth = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

describe.runIf(hasChromium)('live screens and the inbox in Chromium', () => {
  let server: Awaited<ReturnType<typeof startDemoServer>>;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let owner: Page;
  let staff: Page;
  const title = 'Rowing machine 2 display is blank';
  let key = '';

  const newPage = async () => {
    const context = await browser.newContext(desktop);
    contexts.push(context);
    return context.newPage();
  };

  beforeAll(async () => {
    server = await startDemoServer();
    browser = await launchBrowser();
    owner = await newPage();
    staff = await newPage();
    await signInAs(owner, server.baseUrl, 'owner@example.org');
    await signInAs(staff, server.baseUrl, 'staff@example.org');
    // Start from empty inboxes, so the badges count only what happens here.
    for (const page of [owner, staff]) {
      const cleared = await page.request.post(`${server.baseUrl}/api/notifications/read-all`, {
        data: {},
      });
      expect(cleared.status()).toBe(200);
    }
  });
  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => {});
    await browser?.close();
    await server?.app.close();
  });

  it('a request logged elsewhere shows on the default owner’s open My work, with the unread badge, and the inbox opens it', async () => {
    await openLive(owner, `${server.baseUrl}/`);
    await owner.getByRole('heading', { level: 1, name: 'My work' }).waitFor();
    const nav = owner.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Inbox', exact: true }).waitFor();

    await staff.goto(`${server.baseUrl}/requests/new`);
    await staff.getByLabel('Title').fill(title);
    await staff.getByLabel('Category').selectOption({ label: 'Equipment' });
    await staff.getByLabel('Desired outcome').fill('Members can see their time and distance again');
    await staff.getByRole('button', { name: 'Log request' }).click();
    await staff.waitForURL(/\/requests\/REQ-\d+$/);
    key = staff.url().split('/').pop()!;

    // No reload: the stream brings the offer and the count.
    await cardOf(owner, /Offers waiting for me/, key).waitFor(live);
    await nav.getByRole('link', { name: 'Inbox, 1 unread' }).waitFor(live);
    await expect(nav.locator('.nav-count').textContent()).resolves.toBe('1');

    await nav.getByRole('link', { name: 'Inbox, 1 unread' }).click();
    await owner.getByRole('heading', { level: 1, name: 'Inbox' }).waitFor();
    const today = owner.getByRole('region', { name: 'Today' });
    const item = today.getByRole('link').filter({ hasText: title });
    await expect(item.textContent()).resolves.toMatch(/^Unread.*offered.* ownership/);
    await expect(item.textContent()).resolves.toContain(key);
    await expectAccessible(owner, 'inbox at 1366 px');
    await owner.setViewportSize({ width: 360, height: 780 });
    await expectAccessible(owner, 'inbox at 360 px');
    expect(await fitsWidth(owner)).toBe(true);
    await owner.setViewportSize(desktop.viewport);

    await item.click();
    await owner.waitForURL(`${server.baseUrl}/requests/${key}`);
    await owner.getByRole('heading', { level: 1, name: title }).waitFor();
    await nav.getByRole('link', { name: 'Inbox', exact: true }).waitFor(live);
  });

  it('a form open on a request keeps what was typed when the request changes, and says so', async () => {
    const bar = owner.getByRole('list', { name: 'Actions' });
    await bar.getByRole('button', { name: 'Accept ownership' }).click();
    const acceptForm = owner.getByRole('region', { name: 'Accept ownership' });
    await acceptForm.getByRole('button', { name: 'Accept', exact: true }).click();
    await owner
      .getByRole('region', { name: 'Accountable owner' })
      .getByText('Dana Owner')
      .waitFor();

    await bar.getByRole('button', { name: 'Resolve' }).click();
    const resolve = owner.getByRole('region', { name: 'Resolve' });
    const summary = 'Reseated the display cable; the console shows time and distance again.';
    await resolve.getByLabel('What was done?').fill(summary);

    // Meanwhile the requester comments from their own copy of the page.
    await openLive(staff, `${server.baseUrl}/requests/${key}`);
    await staff.getByLabel('Add a comment').fill('It flickers before it goes blank.');
    await staff.getByRole('button', { name: 'Comment' }).click();
    const staffTimeline = staff.getByRole('region', { name: 'Timeline' });
    await staffTimeline.getByText('It flickers before it goes blank.').waitFor();

    await resolve
      .getByText('This request changed while you were working on it — review the latest', {
        exact: false,
      })
      .waitFor(live);
    expect(await resolve.getByLabel('What was done?').inputValue()).toBe(summary);
    const ownerTimeline = owner.getByRole('region', { name: 'Timeline' });
    expect(await ownerTimeline.getByText('It flickers before it goes blank.').count()).toBe(0);

    await resolve.getByRole('button', { name: 'Show the latest' }).click();
    await ownerTimeline.getByText('It flickers before it goes blank.').waitFor(live);
    expect(await resolve.getByLabel('What was done?').inputValue()).toBe(summary);
    expect(await resolve.getByText('This request changed', { exact: false }).count()).toBe(0);
  });

  it('the requester’s open page shows the request resolved and asks them to confirm, without a reload', async () => {
    const staffBar = staff.getByRole('list', { name: 'Actions' });
    await staff.locator('.page-eyebrow').getByText('In progress', { exact: true }).waitFor();
    expect(await staffBar.getByRole('button', { name: 'Confirm outcome' }).count()).toBe(0);

    const resolve = owner.getByRole('region', { name: 'Resolve' });
    await resolve.getByRole('button', { name: 'Resolve' }).click();
    await owner.getByText('Resolved. Sam Staff will be asked to confirm.').waitFor();

    await staff.locator('.page-eyebrow').getByText('Resolved', { exact: true }).waitFor(live);
    await staffBar.getByRole('button', { name: 'Confirm outcome' }).waitFor(live);
    await staff
      .getByRole('region', { name: 'Timeline' })
      .getByText('Dana Owner resolved the request', { exact: true })
      .waitFor(live);
    // The resolution is also in the requester's inbox.
    await staff
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Inbox, 1 unread' })
      .waitFor(live);
  });

  it('says politely when the device is offline, and is current again when back', async () => {
    const banner = 'You’re offline — changes will show when the connection returns.';
    await owner.context().setOffline(true);
    await owner.locator('[aria-live="polite"]').getByText(banner).waitFor(live);

    const comment = await staff.request.post(`${server.baseUrl}/api/requests/${key}/comments`, {
      data: { body: 'Thank you, it works again.' },
    });
    expect(comment.ok()).toBe(true);

    await owner.context().setOffline(false);
    await owner.getByText(banner).waitFor({ state: 'detached', ...live });
    await owner
      .getByRole('region', { name: 'Timeline' })
      .getByText('Thank you, it works again.')
      .waitFor(live);
  });
});
