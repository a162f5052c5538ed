import type {
  OpenReport,
  RatesReport,
  ReviewQueue,
  ServiceLevelsReport,
  TimesPeriodReport,
  TimesReport,
} from '@followthrough/shared';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  formatCounts,
  formatHours,
  formatPercent,
  wholePercents,
} from '../../client/src/features/metrics/format';
import { stalledLabels } from '../../client/src/lib/labels';
import { expectAccessible, hasChromium, launchBrowser, signInAs, startDemoServer } from './browser';

// The browser formats numbers in the same locale as this process, so the formatter can be shared.
const locale = new Intl.NumberFormat().resolvedOptions().locale;
const desktop = { viewport: { width: 1280, height: 900 }, locale };
const phone = { viewport: { width: 360, height: 740 }, locale };

/** A datetime-local value some hours from now, in this machine's (and so Chromium's) time zone. */
function hoursFromNow(hours: number): string {
  const d = new Date(Date.now() + hours * 3_600_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

async function api<T>(page: Page, path: string): Promise<T> {
  const res = await page.request.get(path);
  expect(res.status(), path).toBe(200);
  return (await res.json()) as T;
}

/** A table's row whose header starts with these words (case and all). */
const rowOf = (table: Locator, header: string) =>
  table
    .locator('tr')
    .filter({
      has: table.page().locator('th[scope="row"]', {
        hasText: new RegExp(`^${header.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`),
      }),
    })
    .first();

/** The text of each cell (not the row header) of a row, found by its header. */
async function cellsOf(table: Locator, header: string): Promise<string[]> {
  return (await rowOf(table, header).locator('td').allTextContents()).map((t) => t.trim());
}

/** The exact values (from `<data value>`) of a row, found by its header. */
async function exactOf(table: Locator, header: string): Promise<string[]> {
  return rowOf(table, header)
    .locator('data')
    .evaluateAll((els) => els.map((e) => e.getAttribute('value') ?? ''));
}

const horizontalOverflow = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

const allItems = (queue: ReviewQueue) => queue.groups.flatMap((g) => g.items);

describe.runIf(hasChromium)('Review and Figures in Chromium', () => {
  let server: Awaited<ReturnType<typeof startDemoServer>>;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  const newPage = async (options = desktop) => {
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

  it('a lead sees stalled outcomes with their reasons, nudges one, and sees what the API then says', async () => {
    const page = await newPage();
    await signInAs(page, server.baseUrl, 'lead@example.org');
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Review' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Review' }).waitFor();
    const queueRegion = page.getByRole('region', { name: 'Stalled requests' });
    await queueRegion.getByRole('listitem').first().waitFor();

    const before = await api<ReviewQueue>(page, `${server.baseUrl}/api/review/stalled`);
    expect(before.total).toBeGreaterThan(0);
    // Every group the API returns is on the screen, in its order, with "Unowned" for nobody.
    const headings = await queueRegion.getByRole('heading', { level: 2 }).allTextContents();
    expect(headings.map((h) => h.replace(/\s*\d+ stalled requests?$/, ''))).toEqual(
      before.groups.map((g) =>
        g.owner ? `${g.owner.name}${g.owner.active ? '' : ' (deactivated)'}` : 'Unowned',
      ),
    );

    // Prefer a request whose follow-up is overdue: a nudge sets a new one.
    const items = allItems(before).filter((i) => i.request.owner?.active);
    const target =
      items.find((i) => i.request.stalled.some((s) => s.reason === 'follow_up_overdue')) ??
      items[0];
    expect(target, 'a stalled request with an active owner to nudge').toBeTruthy();
    const { key } = target!.request;
    const card = queueRegion
      .getByRole('listitem')
      .filter({ has: page.locator(`a[href="/requests/${key}"]`) });
    const reasons = card.getByRole('list', { name: 'Why it has stalled' });
    const reasonLabels = () => reasons.locator('.badge').allTextContents();
    expect(await reasonLabels()).toEqual(
      target!.request.stalled.map((s) => stalledLabels[s.reason]),
    );
    // Each with how long, in words.
    const spans = await reasons.locator('.review-overdue').allTextContents();
    expect(spans).toHaveLength(target!.request.stalled.length);
    for (const span of spans) {
      expect(span).toMatch(
        /^(\d+ (minute|hour|day|month|year)s?( \d+ hours?)? overdue|for .+|less than a minute overdue)$/,
      );
    }
    await expectAccessible(page, 'review');

    await card.getByRole('button', { name: `Nudge ${key}` }).click();
    const dialog = page.getByRole('dialog', { name: /^Nudge / });
    await dialog.getByLabel(/^Message to/).fill('Please call the vendor and update the requester');
    await dialog.getByLabel('Follow up by').fill(hoursFromNow(48));
    await expectAccessible(page, 'nudge dialog');
    await dialog.getByRole('button', { name: 'Nudge' }).click();

    const notice = page.getByRole('status').filter({ hasText: `${key}: Nudged` });
    await notice.waitFor();
    expect(await dialog.count()).toBe(0);

    const after = await api<ReviewQueue>(page, `${server.baseUrl}/api/review/stalled`);
    const now = allItems(after).find((i) => i.request.key === key);
    // The nudge set a follow-up in the future: that reason, at least, is gone.
    expect(now?.request.stalled.map((s) => s.reason) ?? []).not.toContain('follow_up_overdue');
    expect(now?.request.version ?? target!.request.version + 1).toBeGreaterThan(
      target!.request.version,
    );
    if (now) {
      await expect(notice.textContent()).resolves.toContain('It is still stalled');
      await expect
        .poll(reasonLabels)
        .toEqual(now.request.stalled.map((s) => stalledLabels[s.reason]));
      // The card now says what the lead did, so they can tell it was handled.
      expect(now.lastDecision).toMatchObject({
        kind: 'nudged',
        note: 'Please call the vendor and update the requester',
      });
      await expect
        .poll(() => card.locator('.review-decision').textContent())
        .toMatch(
          /^Nudged by .+ — “Please call the vendor and update the requester” Next follow-up/,
        );
      // Asking to hide this week's decisions leaves it out.
      await page.getByLabel('Already decided').selectOption('7');
      await page.waitForURL(/decidedWithin=7/);
      await expect.poll(() => card.count()).toBe(0);
    } else {
      await expect(notice.textContent()).resolves.toContain('left the queue');
      await expect.poll(() => card.count()).toBe(0);
    }
  });

  it('staff who lead no team see no Review, and a designed state if they go there', async () => {
    const page = await newPage();
    await signInAs(page, server.baseUrl, 'staff@example.org');
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Figures' }).waitFor();
    expect(await nav.getByRole('link', { name: 'Review' }).count()).toBe(0);
    await page.goto(`${server.baseUrl}/review`);
    await page.getByText('Review is for team leads').waitFor();
    expect(await page.getByRole('alert').count()).toBe(0);
  });

  it('Figures shows exactly the API’s numbers in its tables', async () => {
    const page = await newPage();
    const scripts: string[] = [];
    page.on('response', (r) => {
      if (r.url().endsWith('.js')) scripts.push(r.url());
    });
    await signInAs(page, server.baseUrl, 'lead@example.org');
    // The first screen does not pay for the chart library: it comes with Figures.
    const withCharts = async (urls: string[]) => {
      const bodies = await Promise.all(urls.map(async (u) => (await page.request.get(u)).text()));
      return bodies.filter((b) => b.includes('recharts-wrapper')).length;
    };
    const firstScreen = [...scripts];
    expect(firstScreen.length).toBeGreaterThan(0);
    expect(await withCharts(firstScreen)).toBe(0);
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Figures' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Figures' }).waitFor();
    await page.getByRole('heading', { level: 3, name: 'Time to own' }).waitFor();
    expect(await withCharts(scripts.filter((u) => !firstScreen.includes(u)))).toBe(1);
    const from = await page.getByLabel('From', { exact: true }).inputValue();
    const to = await page.getByLabel('To', { exact: true }).inputValue();
    expect(from < to).toBe(true);
    const base = `${server.baseUrl}/api/metrics`;

    // Times: the whole period and every week of "time to own", exactly as the API gave them.
    const times = await api<TimesReport>(page, `${base}/times?from=${from}&to=${to}&groupBy=none`);
    const series = times.series[0]!;
    expect(series.total.own.count).toBeGreaterThan(0);
    const own = page.getByRole('region', { name: 'Time to own' });
    await own.getByRole('button', { name: /Show as table/ }).click();
    const ownTable = own.getByRole('table', { name: 'Time to own per week' });
    const period = await api<TimesPeriodReport>(
      page,
      `${base}/times/period?from=${from}&to=${to}&groupBy=none`,
    );
    const total = period.series[0]!.own;
    expect(total.count).toBe(series.total.own.count);
    expect(await cellsOf(ownTable, 'Whole period')).toEqual([
      String(total.count),
      formatHours(total.medianHours),
      formatHours(total.p90Hours),
    ]);
    expect(await exactOf(ownTable, 'Whole period')).toEqual([
      String(total.medianHours),
      String(total.p90Hours),
    ]);
    const weeks = times.weeks.flatMap((week, i) =>
      series.own.count[i]! > 0 ? [{ week, count: series.own.count[i]! }] : [],
    );
    expect(weeks.length).toBeGreaterThan(0);
    const weekHeaders = await ownTable
      .locator('tbody th[scope="row"] time')
      .evaluateAll((els) => els.map((e) => e.getAttribute('datetime')));
    expect(weekHeaders).toEqual(weeks.map((w) => w.week));
    const shownCounts = await ownTable
      .locator('tbody tr:not(.row-total) td:first-of-type')
      .allTextContents();
    expect(shownCounts).toEqual(weeks.map((w) => String(w.count)));

    // Rates.
    const rates = await api<RatesReport>(page, `${base}/rates?from=${from}&to=${to}`);
    const ratesTable = page.getByRole('table', { name: 'Rates over the period' });
    for (const [label, rate] of [
      ['On target', rates.onTarget],
      ['Reopened', rates.reopen],
      ['Confirmed by the requester', rates.requesterConfirmation],
    ] as const) {
      expect(rate.denominator, label).toBeGreaterThan(0);
      expect(await cellsOf(ratesTable, label)).toEqual([
        formatPercent(rate.rate),
        formatCounts(rate),
      ]);
      expect(await exactOf(ratesTable, label)).toEqual([String(rate.rate)]);
    }

    // Service levels per team: shares that add up to 100.
    const levels = await api<ServiceLevelsReport>(
      page,
      `${base}/service-levels?from=${from}&to=${to}&by=team`,
    );
    expect(levels.rows.length).toBeGreaterThan(0);
    const levelsTable = page.getByRole('table', { name: 'Service level by team' });
    for (const row of levels.rows) {
      const percents = wholePercents([
        row.differentiated.share,
        row.competitive.share,
        row.commoditized.share,
      ]);
      expect(percents.reduce((a, b) => a + b, 0)).toBe(100);
      expect(await cellsOf(levelsTable, row.group!.name)).toEqual([
        String(row.closed),
        `${percents[0]}% (${row.differentiated.count})`,
        `${percents[1]}% (${row.competitive.count})`,
        `${percents[2]}% (${row.commoditized.count})`,
      ]);
    }

    // Open now.
    const open = await api<OpenReport>(page, `${base}/open`);
    const byStatus = page.getByRole('table', { name: 'Open requests by status' });
    expect(await cellsOf(byStatus, 'Waiting')).toEqual([
      String(open.byStatus.find((s) => s.status === 'waiting')!.count),
      '',
    ]);
    const stalled = page.getByRole('table', { name: 'Stalled open requests by reason' });
    expect(await cellsOf(stalled, stalledLabels.past_target)).toEqual([
      String(open.stalledByReason.find((r) => r.reason === 'past_target')!.count),
      '',
    ]);

    await expectAccessible(page, 'figures with a table open');

    // The CSV links answer with CSV.
    for (const name of ['Download CSV of every request', 'Download CSV of the open requests']) {
      const href = await page.getByRole('link', { name }).getAttribute('href');
      const csv = await page.request.get(`${server.baseUrl}${href}`);
      expect(csv.status(), href ?? name).toBe(200);
      expect(csv.headers()['content-type']).toContain('text/csv');
    }

    // The grouping is kept in the URL, and the API is asked for it.
    const grouped = page.waitForResponse((r) => r.url().includes('groupBy=team'));
    await page.getByLabel('Group times by').selectOption('team');
    await page.waitForURL(/groupBy=team/);
    await grouped;
    await own.getByRole('table', { name: 'Time to own by team, whole period' }).waitFor();
  });

  it('Review and Figures fit a 360 px phone and pass axe there', async () => {
    const page = await newPage(phone);
    await signInAs(page, server.baseUrl, 'lead@example.org');
    await page.goto(`${server.baseUrl}/review`);
    await page
      .getByRole('region', { name: 'Stalled requests' })
      .getByRole('listitem')
      .first()
      .waitFor();
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await expectAccessible(page, 'review at 360 px');

    // On a phone the queue's controls fold behind one button, and stay usable.
    const order = page.getByLabel('Order');
    expect(await order.isVisible()).toBe(false);
    const reviewToggle = page.getByRole('button', { name: 'Order and filters' });
    await reviewToggle.click();
    expect(await reviewToggle.getAttribute('aria-expanded')).toBe('true');
    await order.selectOption('age');
    await page.waitForURL(/sort=age/);

    // Defect: long stalled badges made phone Open items wider than the screen.
    await page.goto(`${server.baseUrl}/requests?stalled=true`);
    await page.getByRole('list', { name: 'Stalled' }).first().waitFor();
    expect(await horizontalOverflow(page), 'open items at 360 px').toBeLessThanOrEqual(0);

    await page.goto(`${server.baseUrl}/figures`);
    await page.getByRole('table', { name: 'Service level by owner' }).waitFor();
    // Defect: below 760 px Figures showed an empty box where its controls were.
    const groupBy = page.getByLabel('Group times by');
    expect(await groupBy.isVisible()).toBe(false);
    await page.getByRole('button', { name: 'Period and grouping' }).click();
    await groupBy.selectOption('team');
    await page.waitForURL(/groupBy=team/);
    const toggles = page.getByRole('button', { name: /Show as table/ });
    while ((await toggles.count()) > 0) await toggles.first().click();
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await expectAccessible(page, 'figures at 360 px');
  });
});
