import type {
  AuditPage,
  Category,
  Location,
  OrganisationSettings,
  Person,
  RequestPage,
  Team,
} from '@followthrough/shared';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, hasChromium, launchBrowser, signInAs, startDemoServer } from './browser';

const desktop = { viewport: { width: 1366, height: 900 } };
const phone = { viewport: { width: 360, height: 740 } };

const sections = ['People', 'Teams', 'Categories', 'Locations', 'Settings', 'Audit'] as const;

async function api<T>(page: Page, path: string): Promise<T> {
  const res = await page.request.get(path);
  expect(res.status(), path).toBe(200);
  return (await res.json()) as T;
}

const horizontalOverflow = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

/** Goes to an Admin section by its navigation, and waits for its heading. */
async function openSection(page: Page, name: (typeof sections)[number]) {
  await page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name }).click();
  await page.getByRole('heading', { level: 1, name }).waitFor();
}

describe.runIf(hasChromium)('Admin in Chromium', () => {
  let server: Awaited<ReturnType<typeof startDemoServer>>;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  const newPage = async (options: Parameters<Browser['newContext']>[0] = desktop) => {
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

  it('an admin adds a team, invites a person, sets up a category, changes settings, deactivates someone, and reads it all in Audit', async () => {
    const page = await newPage({
      ...desktop,
      permissions: ['clipboard-read', 'clipboard-write'],
    });
    const base = server.baseUrl;
    await signInAs(page, base, 'admin@example.org');
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Admin' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'People' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/admin/people');
    const people = await api<Person[]>(page, `${base}/api/people`);
    const byName = (name: string) => people.find((p) => p.name === name)!;

    // A team, with a lead (who is made a member by being made lead) and a member.
    await openSection(page, 'Teams');
    await page.getByRole('button', { name: 'Add a team' }).click();
    let dialog = page.getByRole('dialog', { name: 'Add a team' });
    await dialog.getByLabel('Name').fill('Wellness');
    const add = dialog.getByRole('combobox', { name: 'Add a person' });
    await add.fill('Priya');
    await page.getByRole('option', { name: /^Priya Natarajan/ }).click();
    await dialog
      .getByRole('group', { name: 'Priya Natarajan' })
      .getByRole('checkbox', { name: 'Lead' })
      .check();
    await add.fill('Tom');
    await page.getByRole('option', { name: /^Tom Becker/ }).click();
    await dialog
      .getByRole('group', { name: 'Tom Becker' })
      .getByRole('checkbox', { name: 'Member' })
      .check();
    await dialog.getByText('2 members, 1 lead').waitFor();
    await dialog.getByRole('button', { name: 'Add team' }).click();
    await page.getByRole('status').getByText('Wellness was added.').waitFor();
    const wellness = (await api<Team[]>(page, `${base}/api/teams`)).find(
      (t) => t.name === 'Wellness',
    )!;
    expect(wellness.leadIds).toEqual([byName('Priya Natarajan').id]);
    expect([...wellness.memberIds].sort()).toEqual(
      [byName('Priya Natarajan').id, byName('Tom Becker').id].sort(),
    );

    // A person with no password: the invite link is shown, and Copy puts it on the clipboard.
    await openSection(page, 'People');
    await page.getByRole('button', { name: 'Add a person' }).click();
    dialog = page.getByRole('dialog', { name: 'Add a person' });
    await dialog.getByLabel('Name').fill('Wren Ellis');
    await dialog.getByLabel('Email').fill('wren.ellis@example.org');
    await dialog.getByRole('checkbox', { name: 'Wellness' }).check();
    await expect(
      dialog.getByRole('radio', { name: /^Send an invite link/ }).isChecked(),
    ).resolves.toBe(true);
    await dialog.getByRole('button', { name: 'Add person' }).click();
    dialog = page.getByRole('dialog', { name: 'Wren Ellis was added' });
    const link = await dialog.getByLabel('Invite link').inputValue();
    expect(link).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/invite#[\w-]{20,}$/);
    await dialog.getByRole('button', { name: 'Copy link' }).click();
    await dialog.getByText(/^Copied/).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link);
    await expectAccessible(page, 'invite link dialog');
    await dialog.getByRole('button', { name: 'Done' }).click();
    await page.getByRole('button', { name: 'Edit Wren Ellis' }).waitFor();
    // The link copied is one Wren can use: it sets a password and signs them in.
    const invited = await browser.newContext({ baseURL: base });
    contexts.push(invited);
    const accepted = await invited.request.post('/api/auth/invite/accept', {
      data: { token: new URL(link).hash.slice(1), password: 'a long new password' },
    });
    expect(accepted.status()).toBe(200);
    const wren = (await api<Person[]>(page, `${base}/api/people?q=wren`))[0]!;
    expect(wren).toMatchObject({ role: 'staff', active: true, teamIds: [wellness.id] });

    // A category in that team, an active person as default owner, and one target changed.
    await openSection(page, 'Categories');
    await page.getByRole('button', { name: 'Add a category' }).click();
    dialog = page.getByRole('dialog', { name: 'Add a category' });
    await dialog.getByLabel('Name').fill('Massage chairs');
    await dialog.getByLabel('Team').selectOption({ label: 'Wellness' });
    const owner = dialog.getByRole('combobox', { name: 'Default owner' });
    await owner.press('ArrowDown');
    await page.getByRole('listbox', { name: 'Suggestions' }).getByRole('option').first().waitFor();
    const owners = await page
      .getByRole('listbox', { name: 'Suggestions' })
      .getByRole('option')
      .allTextContents();
    expect(owners.some((o) => o.startsWith('Priya Natarajan'))).toBe(true);
    // Deactivated people are not offered.
    expect(owners.some((o) => o.startsWith('Jordan Blake'))).toBe(false);
    await owner.fill('Priya');
    await page.getByRole('option', { name: /^Priya Natarajan/ }).click();
    const high = dialog.getByRole('group', { name: 'High' });
    expect(await high.getByLabel('Own within', { exact: true }).inputValue()).toBe('4');
    await high.getByLabel('Own within', { exact: true }).fill('2');
    await high.getByLabel('Resolve within', { exact: true }).fill('');
    await dialog.getByRole('button', { name: 'Add category' }).click();
    // An emptied time is caught before anything is sent, next to its field.
    await high.getByText('Enter a time of at least a minute').waitFor();
    await high.getByLabel('Resolve within', { exact: true }).fill('2');
    await high.getByLabel('Resolve within: unit').selectOption('days');
    await expectAccessible(page, 'category dialog');
    await dialog.getByRole('button', { name: 'Add category' }).click();
    await page.getByRole('status').getByText('Massage chairs was added.').waitFor();
    const chairs = (await api<Category[]>(page, `${base}/api/categories`)).find(
      (c) => c.name === 'Massage chairs',
    )!;
    expect(chairs).toMatchObject({
      teamId: wellness.id,
      defaultOwnerId: byName('Priya Natarajan').id,
      active: true,
    });
    const target = (p: string) => chairs.targets.find((t) => t.priority === p);
    expect(target('high')).toEqual({
      priority: 'high',
      ownWithinMinutes: 120,
      quietForMinutes: 1440,
      resolveWithinMinutes: 2880,
    });
    // The priorities left alone keep the defaults.
    expect(target('urgent')).toMatchObject({ ownWithinMinutes: 60, resolveWithinMinutes: 1440 });
    const row = page
      .getByRole('region', { name: 'Categories' })
      .getByRole('listitem')
      .filter({ hasText: 'Massage chairs' });
    const highRow = row.getByRole('row', { name: /^High/ });
    expect((await highRow.getByRole('cell').allTextContents()).map((t) => t.trim())).toEqual([
      '2 h',
      '1 d',
      '2 d',
    ]);

    // Settings.
    const before = await api<OrganisationSettings>(page, `${base}/api/settings`);
    await openSection(page, 'Settings');
    const autoConfirm = page.getByLabel('Confirm automatically after (days)');
    expect(await autoConfirm.inputValue()).toBe(String(before.autoConfirmDays));
    await autoConfirm.fill('400');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('Too big: expected number to be <=365').waitFor();
    await autoConfirm.fill(String(before.autoConfirmDays + 2));
    await page.getByLabel('Reopen window (days)').fill('30');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page
      .getByRole('status')
      .getByText(/The settings were saved/)
      .waitFor();
    expect(await api<OrganisationSettings>(page, `${base}/api/settings`)).toEqual({
      ...before,
      autoConfirmDays: before.autoConfirmDays + 2,
      reopenWindowDays: 30,
    });

    // Deactivating says plainly what it does, and waits for the confirm.
    await openSection(page, 'People');
    await page.getByLabel('Search people').fill('dana');
    await page.getByRole('button', { name: 'Deactivate Dana Owner' }).click();
    dialog = page.getByRole('dialog', { name: 'Deactivate Dana Owner?' });
    const said = await dialog.textContent();
    expect(said).toContain('signed out everywhere');
    expect(said).toContain('offers waiting for them are withdrawn');
    expect(said).toContain('“Owner deactivated” in Review');
    await expectAccessible(page, 'deactivate dialog');
    expect((await api<Person[]>(page, `${base}/api/people?q=dana`))[0]!.active).toBe(true);
    await dialog.getByRole('button', { name: 'Deactivate Dana Owner' }).click();
    await page.getByRole('status').getByText('Dana Owner was deactivated.').waitFor();
    await page.getByRole('button', { name: 'Reactivate Dana Owner' }).waitFor();
    expect((await api<Person[]>(page, `${base}/api/people?q=dana`))[0]!.active).toBe(false);
    // As the dialog said: their open requests now show the owner as deactivated.
    const dana = byName('Dana Owner');
    const owned = await api<RequestPage>(
      page,
      `${base}/api/requests?owner=${dana.id}&status=open&limit=100`,
    );
    expect(owned.items.length).toBeGreaterThan(0);
    for (const request of owned.items) {
      expect(request.stalled.map((s) => s.reason)).toContain('owner_inactive');
    }

    // Audit: each of those, newest first, as a sentence.
    await openSection(page, 'Audit');
    const changes = page.getByRole('region', { name: 'Changes' });
    await changes.getByRole('listitem').first().waitFor();
    const sentences = (await changes.locator('.audit-sentence').allTextContents()).map((t) =>
      t.replace(/\s+/g, ' ').trim(),
    );
    const expected = [
      'Alex Admin deactivated person Dana Owner',
      'Alex Admin changed the settings',
      'Alex Admin added category Massage chairs',
      'Wren Ellis set a password from an invite',
      'Alex Admin added person Wren Ellis with an invite link',
      'Alex Admin added team Wellness',
    ];
    expect(sentences.slice(0, 6).map((s) => s.replace(/ · .*$/, ''))).toEqual(expected);
    expect(sentences[0]).toMatch(/ · (just now|\d+ min ago)$/);
    const settingsEntry = changes.getByRole('listitem').filter({ hasText: 'changed the settings' });
    await settingsEntry.getByText('Reopen window: ').waitFor();

    // Filtered by kind, in the URL.
    await page.getByLabel('What changed').selectOption({ label: 'People' });
    await page.waitForURL(/type=person/);
    await expect
      .poll(async () =>
        (await changes.locator('.audit-sentence').allTextContents()).map((t) =>
          t.replace(/ · .*$/, '').trim(),
        ),
      )
      .toEqual([
        'Alex Admin deactivated person Dana Owner',
        'Alex Admin added person Wren Ellis with an invite link',
      ]);
    const filtered = await api<AuditPage>(page, `${base}/api/audit?entityType=person`);
    expect(filtered.items).toHaveLength(2);
  });

  it('Audit brings older changes with Load more', async () => {
    const page = await newPage();
    const base = server.baseUrl;
    await signInAs(page, base, 'admin@example.org');
    const location = (await api<Location[]>(page, `${base}/api/locations`))[0]!;
    // Enough changes for a second page (30 a page).
    for (let i = 1; i <= 32; i++) {
      const res = await page.request.patch(`${base}/api/locations/${location.id}`, {
        data: { name: `${location.name} ${i}` },
      });
      expect(res.status()).toBe(200);
    }
    await page.goto(`${base}/admin/audit?type=location`);
    const changes = page.getByRole('region', { name: 'Changes' });
    await changes.getByRole('listitem').first().waitFor();
    const entries = changes.locator('.audit-entry');
    expect(await entries.count()).toBe(30);
    expect(await entries.first().locator('.audit-sentence').textContent()).toContain(
      `renamed location ${location.name} 31 to ${location.name} 32`,
    );
    await changes.getByRole('button', { name: 'Load more' }).click();
    await expect.poll(() => entries.count()).toBe(32);
    expect(await entries.last().locator('.audit-sentence').textContent()).toContain(
      `renamed location ${location.name} to ${location.name} 1`,
    );
    expect(await changes.getByRole('button', { name: 'Load more' }).count()).toBe(0);
  });

  it('a location is added and deactivated by keyboard alone', async () => {
    const page = await newPage();
    await signInAs(page, server.baseUrl, 'admin@example.org');
    await page.goto(`${server.baseUrl}/admin/locations`);
    const add = page.getByRole('button', { name: 'Add a location' });
    await add.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Add a location' });
    // Focus starts in the form's first field.
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('location-name');
    await page.keyboard.type('Sauna');
    await page.keyboard.press('Enter');
    await page.getByRole('status').getByText('Sauna was added.').waitFor();
    await dialog.waitFor({ state: 'detached' });
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Add a location');

    const deactivate = page.getByRole('button', { name: 'Deactivate Sauna' });
    await deactivate.focus();
    await page.keyboard.press('Enter');
    const confirm = page.getByRole('dialog', { name: 'Deactivate Sauna?' });
    await confirm.waitFor();
    // Enter on the dialog as it opens cancels: the drastic button needs a deliberate Tab.
    await page.keyboard.press('Enter');
    await confirm.waitFor({ state: 'detached' });
    expect(
      (await api<Location[]>(page, `${server.baseUrl}/api/locations`)).find(
        (l) => l.name === 'Sauna',
      )?.active,
    ).toBe(true);
    await deactivate.focus();
    await page.keyboard.press('Enter');
    await confirm.waitFor();
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Enter');
    await page.getByRole('status').getByText('Sauna was deactivated.').waitFor();
    expect(
      (await api<Location[]>(page, `${server.baseUrl}/api/locations`)).find(
        (l) => l.name === 'Sauna',
      )?.active,
    ).toBe(false);
  });

  it('a lead sees no Admin, and a plain message if they go there', async () => {
    const page = await newPage();
    await signInAs(page, server.baseUrl, 'lead@example.org');
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Figures' }).waitFor();
    expect(await nav.getByRole('link', { name: 'Admin' }).count()).toBe(0);
    await page.goto(`${server.baseUrl}/admin/people`);
    await page.getByText('Only admins can use Admin').waitFor();
    expect(await page.getByRole('navigation', { name: 'Admin' }).count()).toBe(0);
    await expectAccessible(page, 'admin for a lead');
  });

  for (const [label, options] of [
    ['1366 px', desktop],
    ['360 px', phone],
  ] as const) {
    it(`every Admin page passes axe at ${label}${label === '360 px' ? ' and fits the screen' : ''}`, async () => {
      const page = await newPage(options);
      await signInAs(page, server.baseUrl, 'admin@example.org');
      await page.goto(`${server.baseUrl}/admin`);
      await page.getByRole('heading', { level: 1, name: 'People' }).waitFor();
      for (const section of sections) {
        if (section !== 'People') await openSection(page, section);
        // Wait for the content, not the loading state.
        await page.locator('.state-loading').first().waitFor({ state: 'detached' });
        if (section !== 'Settings') {
          // A list, or (Audit, run alone) its designed empty state.
          await page
            .getByRole('region', { name: section === 'Audit' ? 'Changes' : section })
            .locator('li, .state-empty')
            .first()
            .waitFor();
        }
        expect(await horizontalOverflow(page), section).toBeLessThanOrEqual(0);
        await expectAccessible(page, `Admin › ${section} at ${label}`);
      }
      // The widest dialog, too.
      await openSection(page, 'Categories');
      await page.getByRole('button', { name: 'Edit Equipment' }).click();
      const dialog = page.getByRole('dialog', { name: 'Edit Equipment' });
      await dialog.getByRole('group', { name: 'Urgent' }).waitFor();
      const box = await dialog.boundingBox();
      expect(box!.width).toBeLessThanOrEqual(options.viewport.width);
      await expectAccessible(page, `category dialog at ${label}`);
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' });
      // Focus goes back to the button that opened it.
      expect(
        await page.evaluate(() => document.activeElement?.textContent?.replace(/\s+/g, ' ')),
      ).toBe('Edit Equipment');
    });
  }
});
