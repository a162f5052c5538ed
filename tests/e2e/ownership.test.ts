import type { Category, RequestDetail } from '@followthrough/shared';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, hasChromium, launchBrowser, signInAs, startDemoServer } from './browser';

const desktop = { viewport: { width: 1280, height: 900 } };

/** A datetime-local value some hours from now, in this machine's (and so Chromium's) time zone. */
function hoursFromNow(hours: number): string {
  const d = new Date(Date.now() + hours * 3_600_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

async function signOut(page: Page) {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL(/\/sign-in/);
}

/** The card of one request in a My work section. */
const cardOf = (page: Page, section: string | RegExp, key: string) =>
  page
    .getByRole('region', { name: section })
    .getByRole('listitem')
    .filter({ has: page.locator(`a[href="/requests/${key}"]`) });

/** A browser context signed in through the API, for setting the scene quickly. */
async function apiAs(browser: Browser, baseUrl: string, email: string) {
  const context = await browser.newContext({ baseURL: baseUrl });
  const login = await context.request.post('/api/auth/login', {
    data: { email, password: 'followthrough' },
  });
  expect(login.status()).toBe(200);
  return context;
}

describe.runIf(hasChromium)('outcome ownership end to end in Chromium', () => {
  let server: Awaited<ReturnType<typeof startDemoServer>>;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  /** The treadmill request this journey follows. */
  let key = '';

  const newContext = async (options = desktop) => {
    const context = await browser.newContext(options);
    contexts.push(context);
    return context;
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

  it('staff logs a broken treadmill; Equipment offers it to its default owner', async () => {
    const page = await (await newContext()).newPage();
    await signInAs(page, server.baseUrl, 'staff@example.org');
    await page.goto(`${server.baseUrl}/requests/new`);
    await page.getByLabel('Title').fill('Treadmill 3 belt slips');
    await page.getByLabel('Category').selectOption({ label: 'Equipment' });
    await page.getByLabel('Location').selectOption({ label: 'Fitness floor' });
    await page
      .getByLabel('Desired outcome')
      .fill('Members can run on treadmill 3 without the belt slipping');
    await page.getByRole('button', { name: 'Log request' }).click();
    await page.waitForURL(/\/requests\/REQ-\d+$/);
    key = page.url().split('/').pop()!;
    await page.getByText('Dana Owner has been asked to own it.').waitFor();
    // The requester may not act for the owner: no Resolve, no Hand off.
    const bar = page.getByRole('list', { name: 'Actions' });
    await bar.getByRole('button', { name: 'Edit' }).waitFor();
    expect(await bar.getByRole('button', { name: 'Hand off' }).count()).toBe(0);
    await signOut(page);
  });

  it('the owner accepts it from My work, hands it off, cannot resolve until the handoff is done, then resolves', async () => {
    const context = await newContext();
    const page = await context.newPage();
    await signInAs(page, server.baseUrl, 'owner@example.org');

    const offer = cardOf(page, /Offers waiting for me/, key);
    await offer.waitFor();
    await expect(offer.textContent()).resolves.toContain(
      'Members can run on treadmill 3 without the belt slipping',
    );
    await expectAccessible(page, 'my work with offers');
    await offer.getByRole('button', { name: /^Accept/ }).click();
    await page
      .getByRole('region', { name: /Offers waiting for me/ })
      .getByRole('status')
      .getByText(`You now own ${key} “Treadmill 3 belt slips”.`)
      .waitFor();

    await page.goto(`${server.baseUrl}/requests/${key}`);
    await page.getByRole('heading', { level: 1, name: 'Treadmill 3 belt slips' }).waitFor();
    const owner = page.getByRole('region', { name: 'Accountable owner' });
    await owner.getByText('Dana Owner').waitFor();

    // A second tab, its Resolve form open and typed into: it will be out of date, and the live
    // update holds back rather than refresh the form away.
    const stale = await context.newPage();
    await stale.goto(`${server.baseUrl}/requests/${key}`);
    const staleBar = stale.getByRole('list', { name: 'Actions' });
    await staleBar.getByRole('button', { name: 'Resolve' }).click();
    const staleForm = stale.getByRole('region', { name: 'Resolve' });
    await staleForm.getByLabel('What was done?').fill('Fixed it');

    const bar = page.getByRole('list', { name: 'Actions' });
    await bar.getByRole('button', { name: 'Hand off' }).click();
    const form = page.getByRole('region', { name: 'Hand off work' });
    await form.getByRole('button', { name: 'Hand off' }).click();
    await form.getByText('Say who the work goes to').waitFor();
    await form.getByLabel('Handed to').fill('Maintenance');
    await form.getByLabel('What did you ask for?').fill('Replace the drive belt on treadmill 3');
    await form.getByLabel('Expected back by').fill(hoursFromNow(48));
    await expectAccessible(page, 'request page with the handoff form open');
    await form.getByRole('button', { name: 'Hand off' }).click();
    await page.getByText('Handed off to Maintenance.').waitFor();
    const handoffs = page.getByRole('region', { name: /Handoffs/ });
    await handoffs.getByText('Replace the drive belt on treadmill 3').waitFor();

    // Resolve is shown but unavailable, and says why, next to the handoffs.
    const blocked = 'Resolve becomes available when the open handoff is completed or cancelled.';
    const resolve = bar.getByRole('button', { name: 'Resolve' });
    expect(await resolve.getAttribute('aria-disabled')).toBe('true');
    // Focusable, so a keyboard reaches it and its explanation.
    await resolve.focus();
    await page.keyboard.press('Enter');
    await handoffs.getByText(blocked).waitFor();
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(blocked);
    expect(await page.getByRole('region', { name: 'Resolve' }).count()).toBe(0);

    // The stale tab says the request changed and keeps the typing; submitting anyway is
    // refused, said out loud, and reloaded.
    await staleForm.getByText('This request changed while you were working on it').waitFor();
    expect(await staleForm.getByLabel('What was done?').inputValue()).toBe('Fixed it');
    await staleForm.getByRole('button', { name: 'Resolve' }).click();
    const alert = stale.getByRole('alert');
    await alert.getByText('Your change was not saved').waitFor();
    // It names what changed, says why Resolve waits, and still holds the typed summary.
    const told = await alert.textContent();
    expect(told).toMatch(
      /Since you opened it, Dana Owner handed this off to Maintenance, expecting it by .+ \((just now|\d+ min ago)\)\./,
    );
    expect(told).not.toContain('Someone else changed this request');
    expect(told).toContain('The page has been reloaded.');
    expect(told).toContain(`${blocked} What you typed will be back in its form then.`);
    await alert.getByText('Fixed it', { exact: true }).waitFor();
    await stale.getByText(blocked, { exact: true }).waitFor();
    expect(
      await staleBar.getByRole('button', { name: 'Resolve' }).getAttribute('aria-disabled'),
    ).toBe('true');
    await expectAccessible(stale, 'request page with a refused resolve');
    await stale.close();

    // Complete the handoff in its dialog.
    await handoffs.getByRole('button', { name: /Mark done/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Mark the handoff to Maintenance done' });
    await dialog.getByLabel(/What came back/).fill('Belt replaced and tested at 16 km/h');
    await expectAccessible(page, 'handoff dialog');
    await dialog.getByRole('button', { name: 'Mark done' }).click();
    await page.getByText('The handoff to Maintenance is done.').waitFor();
    await page.getByText(blocked).waitFor({ state: 'detached' });

    await bar.getByRole('button', { name: 'Resolve' }).click();
    const resolveForm = page.getByRole('region', { name: 'Resolve' });
    await resolveForm.getByRole('button', { name: 'Resolve' }).click();
    await resolveForm.getByText('Say what was done').waitFor();
    await resolveForm
      .getByLabel('What was done?')
      .fill('Maintenance replaced the drive belt; it runs smoothly at every speed.');
    await resolveForm.getByRole('button', { name: 'Resolve' }).click();
    await page.getByText('Resolved. Sam Staff will be asked to confirm.').waitFor();
    await page.locator('.page-eyebrow').getByText('Resolved', { exact: true }).waitFor();
    await signOut(page);
  });

  it('the requester confirms it from My work with a rating, and the timeline tells the story', async () => {
    const page = await (await newContext()).newPage();
    await signInAs(page, server.baseUrl, 'staff@example.org');

    const card = cardOf(page, /Awaiting my confirmation/, key);
    await card.getByRole('button', { name: /^Confirm/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Confirm the outcome' });
    await dialog.getByRole('radio', { name: '5 – Excellent' }).check();
    await dialog.getByLabel(/Anything to add/).fill('Runs smoothly again, thank you!');
    await expectAccessible(page, 'confirm dialog');
    await dialog.getByRole('button', { name: 'Confirm' }).click();
    await page.getByText(`Thank you. ${key} is confirmed and closed.`).waitFor();
    await card.waitFor({ state: 'detached' });

    await page.goto(`${server.baseUrl}/requests/${key}`);
    await page.locator('.page-eyebrow').getByText('Closed · Confirmed').waitFor();
    const timeline = page.getByRole('region', { name: 'Timeline' });
    for (const sentence of [
      'Sam Staff logged the request',
      'The system offered ownership to Dana Owner, the category’s default owner',
      'Dana Owner accepted ownership',
      /^Dana Owner handed this off to Maintenance, expecting it by \w{3}/,
      'Dana Owner marked the handoff to Maintenance done',
      'Dana Owner resolved the request',
      'Sam Staff confirmed the outcome and rated it 5 out of 5',
    ]) {
      await timeline.getByText(sentence, { exact: true }).waitFor();
    }
    await timeline.getByText('Replace the drive belt on treadmill 3').waitFor();
    await timeline.getByText('Belt replaced and tested at 16 km/h').waitFor();
    await timeline.getByText('Runs smoothly again, thank you!').waitFor();
    // In the order it happened.
    const told = await timeline.locator('.timeline-item > p:first-child').allTextContents();
    expect(told.findIndex((t) => t.includes('accepted ownership'))).toBeLessThan(
      told.findIndex((t) => t.includes('handed this off')),
    );
    expect(told.findIndex((t) => t.includes('resolved the request'))).toBeLessThan(
      told.findIndex((t) => t.includes('confirmed the outcome')),
    );
    await signOut(page);
  });

  it('the requester reopens another resolved request with a reason; it is in progress again', async () => {
    // Set the scene through the API: Sam logs it, Dana accepts and resolves it.
    const staffApi = await apiAs(browser, server.baseUrl, 'staff@example.org');
    const ownerApi = await apiAs(browser, server.baseUrl, 'owner@example.org');
    contexts.push(staffApi, ownerApi);
    const categories = (await (await staffApi.request.get('/api/categories')).json()) as Category[];
    const equipment = categories.find((c) => c.name === 'Equipment')!;
    const created = await staffApi.request.post('/api/requests', {
      data: {
        title: 'Leg press seat will not lock',
        desiredOutcome: 'The leg press seat locks at every position',
        categoryId: equipment.id,
      },
    });
    expect(created.status()).toBe(201);
    const other = (await created.json()) as RequestDetail;
    expect(
      (await ownerApi.request.post(`/api/requests/${other.id}/accept`, { data: {} })).status(),
    ).toBe(200);
    const resolved = await ownerApi.request.post(`/api/requests/${other.id}/resolve`, {
      data: { summary: 'Tightened the locking pin' },
    });
    expect(resolved.status()).toBe(200);

    const page = await (await newContext()).newPage();
    await signInAs(page, server.baseUrl, 'staff@example.org');
    await page.goto(`${server.baseUrl}/requests/${other.key}`);
    await page.locator('.page-eyebrow').getByText('Resolved', { exact: true }).waitFor();
    const bar = page.getByRole('list', { name: 'Actions' });
    await bar.getByRole('button', { name: 'Reopen' }).click();
    const form = page.getByRole('region', { name: 'Reopen' });
    await form.getByRole('button', { name: 'Reopen' }).click();
    await form.getByText('Say what is still not right').waitFor();
    await form.getByLabel('What is still not right?').fill('The seat slides back under load');
    await form.getByRole('button', { name: 'Reopen' }).click();
    await page.getByText('Reopened. It is back with Dana Owner, in progress.').waitFor();
    await page.locator('.page-eyebrow').getByText('In progress', { exact: true }).waitFor();
    const timeline = page.getByRole('region', { name: 'Timeline' });
    await timeline.getByText('Sam Staff reopened the request', { exact: true }).waitFor();
    await timeline.getByText('The seat slides back under load').waitFor();
    const details = page.getByRole('complementary', { name: 'Details' });
    await details.getByText('Once').waitFor();
  });

  it('keeps the request page and its forms usable at 360 px', async () => {
    const context = await newContext({ viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    await signInAs(page, server.baseUrl, 'owner@example.org');
    await page.goto(`${server.baseUrl}/requests/${key}`);
    await page.getByRole('heading', { level: 1, name: 'Treadmill 3 belt slips' }).waitFor();
    await page
      .getByRole('region', { name: 'Timeline' })
      .getByText('Dana Owner resolved the request')
      .waitFor();
    const overflow = () =>
      page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
    expect(await overflow()).toBeLessThanOrEqual(0);

    // The owner may reopen a confirmed request; the form must fit too.
    await page
      .getByRole('list', { name: 'Actions' })
      .getByRole('button', { name: 'Reopen' })
      .click();
    await page
      .getByRole('region', { name: 'Reopen' })
      .getByLabel('What is still not right?')
      .waitFor();
    expect(await overflow()).toBeLessThanOrEqual(0);
    await expectAccessible(page, 'request page at 360 px with a form open');
  });
});
