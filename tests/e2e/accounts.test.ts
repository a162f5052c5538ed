import type { ApiToken, Category, Me, Person, ReviewQueue, Team } from '@followthrough/shared';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stalledLabels } from '../../client/src/lib/labels';
import { expectAccessible, hasChromium, launchBrowser, signInAs, startDemoServer } from './browser';

const desktop = { viewport: { width: 1366, height: 900 } };
const phone = { viewport: { width: 360, height: 740 } };

async function api<T>(page: Page, path: string): Promise<T> {
  const res = await page.request.get(path);
  expect(res.status(), path).toBe(200);
  return (await res.json()) as T;
}

const horizontalOverflow = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

async function signIn(page: Page, baseUrl: string, email: string, password: string) {
  await page.goto(`${baseUrl}/sign-in`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  // Attached, not visible: on a phone it sits in the folded menu.
  await page
    .getByRole('button', { name: 'Sign out', includeHidden: true })
    .waitFor({ state: 'attached' });
}

async function signOut(page: Page) {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL(/\/sign-in/);
}

/** One request's card in a region of a page, found by its link. */
const cardOf = (page: Page, region: string | RegExp, key: string) =>
  page
    .getByRole('region', { name: region })
    .getByRole('listitem')
    .filter({ has: page.locator(`a[href="/requests/${key}"]`) });

describe.runIf(hasChromium)('accounts in Chromium', () => {
  let server: Awaited<ReturnType<typeof startDemoServer>>;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  const newContext = async (options: Parameters<Browser['newContext']>[0] = desktop) => {
    const context = await browser.newContext(options);
    contexts.push(context);
    return context;
  };
  const newPage = async (options: Parameters<Browser['newContext']>[0] = desktop) =>
    (await newContext(options)).newPage();

  beforeAll(async () => {
    server = await startDemoServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => {});
    await browser?.close();
    await server?.app.close();
  });

  it('an invited person sets their password from the copied link, owns a request, and is deactivated; the lead sees it in Review', async () => {
    const base = server.baseUrl;
    const admin = await newPage({ ...desktop, permissions: ['clipboard-read', 'clipboard-write'] });
    await signInAs(admin, base, 'admin@example.org');
    await admin.goto(`${base}/admin/people`);
    await admin.getByRole('heading', { level: 1, name: 'People' }).waitFor();

    // Added without a password: the invite link is shown, and copied.
    await admin.getByRole('button', { name: 'Add a person' }).click();
    let dialog = admin.getByRole('dialog', { name: 'Add a person' });
    await dialog.getByLabel('Name').fill('Rowan Hale');
    await dialog.getByLabel('Email').fill('rowan.hale@example.org');
    await dialog.getByRole('checkbox', { name: 'Facilities' }).check();
    await dialog.getByRole('button', { name: 'Add person' }).click();
    dialog = admin.getByRole('dialog', { name: 'Rowan Hale was added' });
    await dialog.getByRole('button', { name: 'Copy link' }).click();
    await dialog.getByText(/^Copied/).waitFor();
    const link = await admin.evaluate(() => navigator.clipboard.readText());
    expect(link).toBe(await dialog.getByLabel('Invite link').inputValue());
    expect(link).toMatch(/\/invite#[\w-]{20,}$/);
    await dialog.getByRole('button', { name: 'Done' }).click();
    await admin.getByRole('button', { name: 'Edit Rowan Hale' }).waitFor();

    // In their own browser, Rowan opens the link, sets a password, and lands signed in.
    const rowan = await newPage();
    await rowan.goto(link);
    await rowan.getByRole('heading', { level: 1, name: 'Set your password' }).waitFor();
    await rowan.getByLabel('New password').fill('rowan keeps the lights on');
    await rowan.getByLabel('The same password again').fill('rowan keeps the lights on');
    await rowan.getByRole('button', { name: 'Set password and sign in' }).click();
    await rowan.getByRole('heading', { level: 1, name: 'My work' }).waitFor();
    expect(new URL(rowan.url()).pathname).toBe('/');
    await rowan.getByRole('link', { name: 'Rowan Hale' }).waitFor();
    // And the password is theirs from now on.
    await signOut(rowan);
    await signIn(rowan, base, 'rowan.hale@example.org', 'rowan keeps the lights on');
    await rowan.getByRole('heading', { level: 1, name: 'My work' }).waitFor();

    // A category in the lead's team, with Rowan as its default owner.
    const people = await api<Person[]>(admin, `${base}/api/people?q=rowan`);
    const rowanId = people.find((p) => p.email === 'rowan.hale@example.org')!.id;
    const facilities = (await api<Team[]>(admin, `${base}/api/teams`)).find(
      (t) => t.name === 'Facilities',
    )!;
    const made = await admin.request.post(`${base}/api/categories`, {
      data: { name: 'Lockers', teamId: facilities.id, defaultOwnerId: rowanId },
    });
    expect(made.status()).toBe(201);
    expect(((await made.json()) as Category).defaultOwnerId).toBe(rowanId);

    // Staff logs a request in it, which is offered to Rowan.
    const staff = await newPage();
    await signInAs(staff, base, 'staff@example.org');
    await staff.goto(`${base}/requests/new`);
    await staff.getByLabel('Title').fill('Locker 12 will not lock');
    await staff.getByLabel('Category').selectOption({ label: 'Lockers' });
    await staff.getByLabel('Location').selectOption({ index: 1 });
    await staff.getByLabel('Desired outcome').fill('Members can lock locker 12 again');
    await staff.getByRole('button', { name: 'Log request' }).click();
    await staff.waitForURL(/\/requests\/REQ-\d+$/);
    const key = staff.url().split('/').pop()!;
    await staff.getByText('Rowan Hale has been asked to own it.').waitFor();

    // Rowan sees the offer on My work, and accepts it.
    await rowan.reload();
    const offer = cardOf(rowan, /Offers waiting for me/, key);
    await offer.waitFor();
    expect(await offer.textContent()).toContain('Members can lock locker 12 again');
    await offer.getByRole('button', { name: /^Accept/ }).click();
    await rowan
      .getByRole('region', { name: /Offers waiting for me/ })
      .getByRole('status')
      .getByText(`You now own ${key} “Locker 12 will not lock”.`)
      .waitFor();

    // The admin deactivates Rowan, after the confirm.
    await admin.getByLabel('Search people').fill('rowan');
    await admin.getByRole('button', { name: 'Deactivate Rowan Hale' }).click();
    dialog = admin.getByRole('dialog', { name: 'Deactivate Rowan Hale?' });
    await dialog.getByRole('button', { name: 'Deactivate Rowan Hale' }).click();
    await admin.getByRole('status').getByText('Rowan Hale was deactivated.').waitFor();
    // Rowan's session ended at once.
    expect((await rowan.request.get(`${base}/api/auth/me`)).status()).toBe(401);

    // The lead sees the request under Rowan, with the reason the client names.
    const lead = await newPage();
    await signInAs(lead, base, 'lead@example.org');
    await lead
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Review' })
      .click();
    await lead.getByRole('heading', { level: 1, name: 'Review' }).waitFor();
    const queue = await api<ReviewQueue>(lead, `${base}/api/review/stalled`);
    const group = queue.groups.find((g) => g.owner?.id === rowanId);
    expect(group?.owner?.active).toBe(false);
    const card = cardOf(lead, 'Stalled requests', key);
    await card.waitFor();
    const reasons = await card
      .getByRole('list', { name: 'Why it has stalled' })
      .locator('.badge')
      .allTextContents();
    expect(reasons).toContain(stalledLabels.owner_inactive);
    await lead
      .getByRole('region', { name: 'Stalled requests' })
      .getByRole('heading', { level: 2, name: /^Rowan Hale \(deactivated\)/ })
      .waitFor();
  });

  it('a person changes their password on Profile; their other session is refused, and the new password signs in', async () => {
    const base = server.baseUrl;
    const page = await newPage();
    await signInAs(page, base, 'owner@example.org');
    const other = await newPage();
    await signInAs(other, base, 'owner@example.org');

    await page.getByRole('link', { name: 'Dana Owner' }).click();
    await page.getByRole('heading', { level: 1, name: 'Your profile' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/profile');

    // A wrong current password is said on that field, and focus goes there.
    const current = page.getByLabel('Current password');
    await current.fill('not my password at all');
    await page.getByLabel('New password', { exact: true }).fill('dana fixes treadmills');
    await page.getByLabel('The new password again').fill('dana fixes treadmills');
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByText('Does not match your current password').waitFor();
    expect(await current.getAttribute('aria-invalid')).toBe('true');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('current-password');
    expect((await other.request.get(`${base}/api/auth/me`)).status()).toBe(200);

    await current.fill('followthrough');
    await page.getByLabel('New password', { exact: true }).fill('dana fixes treadmills');
    await page.getByLabel('The new password again').fill('dana fixes treadmills');
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByRole('status').getByText('Your password is changed').waitFor();

    // This session goes on; the other one is refused, and its screen asks to sign in.
    expect((await page.request.get(`${base}/api/auth/me`)).status()).toBe(200);
    expect((await other.request.get(`${base}/api/auth/me`)).status()).toBe(401);
    await other.reload();
    await other.waitForURL(/\/sign-in/);

    // The old password no longer works; the new one does.
    await other.getByLabel('Email').fill('owner@example.org');
    await other.getByLabel('Password').fill('followthrough');
    await other.getByRole('button', { name: 'Sign in' }).click();
    await other.getByRole('alert').waitFor();
    expect(new URL(other.url()).pathname).toBe('/sign-in');
    await signIn(other, base, 'owner@example.org', 'dana fixes treadmills');
    expect(((await (await other.request.get(`${base}/api/auth/me`)).json()) as Me).name).toBe(
      'Dana Owner',
    );
  });

  it('an admin issues a token on the Tokens page, sees its secret once, and revoking it ends its access', async () => {
    const base = server.baseUrl;
    const page = await newPage({ ...desktop, permissions: ['clipboard-read', 'clipboard-write'] });
    await signInAs(page, base, 'admin@example.org');
    await page.goto(`${base}/admin/people`);
    await page
      .getByRole('navigation', { name: 'Admin' })
      .getByRole('link', { name: 'API tokens' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'API tokens' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/admin/tokens');

    const issue = page.getByRole('button', { name: 'Issue a token' });
    await issue.click();
    let dialog = page.getByRole('dialog', { name: 'Issue a token' });
    await dialog.getByRole('combobox', { name: 'Acts as' }).fill('Sam Staff');
    await page.getByRole('option', { name: /^Sam Staff\b/ }).click();
    await dialog.getByLabel('Name').fill('Front desk kiosk');
    await expectAccessible(page, 'issue token dialog');
    await dialog.getByRole('button', { name: 'Issue token' }).click();

    dialog = page.getByRole('dialog', { name: 'Front desk kiosk was issued' });
    await dialog.getByText('it will not be shown again').waitFor();
    const secret = await dialog.getByLabel('Secret').inputValue();
    expect(secret).toMatch(/^ftp_[\w-]{43}$/);
    await dialog.getByRole('button', { name: 'Copy secret' }).click();
    await dialog.getByText(/^Copied/).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
    await expectAccessible(page, 'token secret dialog');
    await dialog.getByRole('button', { name: 'Done' }).click();
    await dialog.waitFor({ state: 'detached' });

    // Shown once: not on the page, nor in the list the API gives.
    const list = page.getByRole('region', { name: 'API tokens' });
    const row = list.getByRole('listitem').filter({ hasText: 'Front desk kiosk' });
    await row.waitFor();
    expect(await row.textContent()).toContain('Sam Staff (Staff)');
    expect(await row.textContent()).toMatch(/Last used\s*Never/);
    expect(await page.content()).not.toContain(secret);
    expect(JSON.stringify(await api<unknown>(page, `${base}/api/tokens`))).not.toContain(secret);

    // With the secret a call is its person's, even from a page signed in as the admin.
    const asToken = () =>
      page.request.get(`${base}/api/auth/me`, { headers: { authorization: `Bearer ${secret}` } });
    const me = await asToken();
    expect(me.status()).toBe(200);
    expect((await me.json()) as Me).toMatchObject({ email: 'staff@example.org', role: 'staff' });
    // And from an API client with no cookie at all.
    const client = await newContext();
    const asClient = () =>
      client.request.get(`${base}/api/auth/me`, { headers: { authorization: `Bearer ${secret}` } });
    expect((await asClient()).status()).toBe(200);
    await expect
      .poll(async () => (await api<ApiToken[]>(page, `${base}/api/tokens`))[0]?.lastUsedAt)
      .not.toBeNull();
    await page.reload();
    await row.waitFor();
    expect(await row.textContent()).not.toMatch(/Last used\s*Never/);

    await row.getByRole('button', { name: 'Revoke Front desk kiosk' }).click();
    dialog = page.getByRole('dialog', { name: 'Revoke Front desk kiosk?' });
    expect(await dialog.textContent()).toContain('API clients using it stop working at once');
    await expectAccessible(page, 'revoke token dialog');
    await dialog.getByRole('button', { name: 'Revoke Front desk kiosk' }).click();
    await page.getByRole('status').getByText('Front desk kiosk was revoked.').waitFor();
    await row.waitFor({ state: 'detached' });
    expect((await asToken()).status()).toBe(401);
    expect((await asClient()).status()).toBe(401);
  });

  for (const [label, options] of [
    ['1366 px', desktop],
    ['360 px', phone],
  ] as const) {
    it(`the Invite, Profile and Tokens pages pass axe at ${label} and fit the screen`, async () => {
      const base = server.baseUrl;
      const visitor = await newPage(options);
      // The page asks for the password before any server sees the link.
      await visitor.goto(`${base}/invite#an-invite-secret-to-check-the-page-with`);
      await visitor.getByRole('heading', { level: 1, name: 'Set your password' }).waitFor();
      await visitor.getByRole('button', { name: 'Set password and sign in' }).click();
      // Checked with its error shown, too.
      await visitor.locator('#invite-password[aria-invalid="true"]').waitFor();
      expect(await horizontalOverflow(visitor), 'invite').toBeLessThanOrEqual(0);
      await expectAccessible(visitor, `Invite at ${label}`);

      const page = await newPage(options);
      await signInAs(page, base, 'admin@example.org');
      await page.goto(`${base}/profile`);
      await page.getByRole('heading', { level: 1, name: 'Your profile' }).waitFor();
      expect(await horizontalOverflow(page), 'profile').toBeLessThanOrEqual(0);
      await expectAccessible(page, `Profile at ${label}`);

      // With a token in the list, so its row is checked too.
      const people = await api<Person[]>(page, `${base}/api/people?q=lead`);
      const issued = await page.request.post(`${base}/api/tokens`, {
        data: { personId: people[0]!.id, name: `Wall screen ${label}` },
      });
      expect(issued.status()).toBe(201);
      await page.goto(`${base}/admin/tokens`);
      await page.getByRole('heading', { level: 1, name: 'API tokens' }).waitFor();
      await page
        .getByRole('region', { name: 'API tokens' })
        .getByRole('listitem')
        .filter({ hasText: `Wall screen ${label}` })
        .waitFor();
      expect(await horizontalOverflow(page), 'tokens').toBeLessThanOrEqual(0);
      await expectAccessible(page, `Tokens at ${label}`);
      await page.getByRole('button', { name: 'Issue a token' }).click();
      const dialog = page.getByRole('dialog', { name: 'Issue a token' });
      await dialog.getByRole('button', { name: 'Issue token' }).click();
      await dialog.getByText('Choose the person the token acts as').waitFor();
      const box = await dialog.boundingBox();
      expect(box!.width).toBeLessThanOrEqual(options.viewport.width);
      await expectAccessible(page, `issue token dialog at ${label}`);
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' });
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Issue a token');
    });
  }
});
