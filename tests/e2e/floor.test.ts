import type { AssetDetail, Category, Location } from '@followthrough/shared';
import type { Browser, BrowserContext } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, hasChromium, launchBrowser, signInAs, startDemoServer } from './browser';

// A phone on the fitness floor: the label's link, sign-in, a photo from the camera, one submit.
const phone = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true };

/** A small real JPEG, as a phone camera hands it over. */
const photo = () =>
  sharp({ create: { width: 640, height: 480, channels: 3, background: '#c0392b' } })
    .jpeg()
    .toBuffer();

describe.runIf(hasChromium)('floor intake on a phone', () => {
  let server: Awaited<ReturnType<typeof startDemoServer>>;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let asset: AssetDetail;

  beforeAll(async () => {
    server = await startDemoServer();
    browser = await launchBrowser();
    // The admin registers treadmill 3 on the fitness floor.
    const admin = await browser.newContext({ baseURL: server.baseUrl });
    contexts.push(admin);
    const login = await admin.request.post('/api/auth/login', {
      data: { email: 'admin@example.org', password: 'followthrough' },
    });
    expect(login.status()).toBe(200);
    const categories = (await (await admin.request.get('/api/categories')).json()) as Category[];
    const locations = (await (await admin.request.get('/api/locations')).json()) as Location[];
    const made = await admin.request.post('/api/assets', {
      data: {
        name: 'Treadmill 3 (floor test)',
        tag: 'FT-TM-03',
        categoryId: categories.find((c) => c.name === 'Equipment')!.id,
        locationId: locations.find((l) => l.name === 'Fitness floor')!.id,
      },
    });
    expect(made.status(), await made.text()).toBe(201);
    asset = (await made.json()) as AssetDetail;
  });
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await server?.app.close();
  });

  it('a scanned label, sign-in and a photo make a request on one screen, tied to its asset', async () => {
    const context = await browser.newContext(phone);
    contexts.push(context);
    const page = await context.newPage();

    // Scanning the label opens its link; signing in returns to it.
    await page.goto(`${server.baseUrl}/new?asset=${asset.tag}`);
    await page.waitForURL(/\/sign-in\?/);
    await expectAccessible(page, 'Sign in from a label');
    await page.getByLabel('Email').fill('staff@example.org');
    await page.getByLabel('Password').fill('followthrough');
    await page.getByRole('button', { name: 'Sign in' }).click();

    // The form, already about the asset: its category and place are filled in.
    await page
      .getByText(`Reporting a problem with ${asset.name} (${asset.tag})`)
      .waitFor({ timeout: 10_000 });
    expect(new URL(page.url()).search).toBe(`?asset=${asset.tag}`);
    await expect
      .poll(() =>
        page
          .getByLabel('Category')
          .evaluate((s: HTMLSelectElement) => s.selectedOptions[0]?.textContent ?? ''),
      )
      .toBe('Equipment');
    expect(
      await page
        .getByLabel(/^Location\b/)
        .evaluate((s: HTMLSelectElement) => s.selectedOptions[0]?.textContent ?? ''),
    ).toBe('Fitness floor');
    await expectAccessible(page, 'New request from a label');

    await page.getByLabel('Title').fill('Belt slips at speed');
    await page.getByLabel('Desired outcome').fill('Treadmill 3 runs smoothly and is back in use');
    // The camera's picture arrives through the file chooser that "Take photo" opens.
    const chooser = page.waitForEvent('filechooser');
    await page.getByText('Take photo', { exact: true }).click();
    await (await chooser).setFiles({
      name: 'belt.jpg',
      mimeType: 'image/jpeg',
      buffer: await photo(),
    });
    const chosen = page.getByRole('list', { name: 'Chosen photos' }).getByRole('listitem');
    await expect.poll(() => chosen.count()).toBe(1);
    await expectAccessible(page, 'New request with a photo');

    await page.getByRole('button', { name: 'Log request with photos' }).click();
    await page.waitForURL(/\/requests\/REQ-\d+$/, { timeout: 15_000 });
    const key = page.url().split('/').pop()!;

    // The request page shows the photo (really drawn) and links the asset.
    const thumb = page.getByRole('button', { name: 'Open belt.jpg' }).locator('img');
    await thumb.waitFor();
    await expect
      .poll(() => thumb.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth))
      .toBeGreaterThan(0);
    const assetLink = page.getByRole('link', { name: `${asset.name} (${asset.tag})` });
    await assetLink.waitFor();
    await expectAccessible(page, 'Request with a photo');

    // Its asset page lists it.
    await assetLink.click();
    await page.waitForURL(new RegExp(`/assets/${asset.tag}$`));
    const requests = page.getByRole('list', { name: `Requests about ${asset.name}, newest first` });
    await requests.getByText(key).waitFor();
    expect(await requests.getByRole('link', { name: 'Belt slips at speed' }).count()).toBe(1);
    await expectAccessible(page, 'Asset page');

    const sideways = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(sideways).toBeLessThanOrEqual(0);
  });

  it('an unknown tag says so and the request can still be logged without it', async () => {
    const context = await browser.newContext(phone);
    contexts.push(context);
    const page = await context.newPage();
    await signInAs(page, server.baseUrl, 'staff@example.org');
    await page.goto(`${server.baseUrl}/new?asset=NO-SUCH-9`);
    await page
      .getByText('No asset has the tag NO-SUCH-9, so the request is not tied to one.')
      .waitFor();
    await page.getByLabel('Title').fill('Something rattles');
    await page.getByLabel('Desired outcome').fill('It is quiet');
    await page.getByLabel('Category').selectOption({ label: 'Equipment' });
    await page.getByRole('button', { name: 'Log request' }).click();
    await page.waitForURL(/\/requests\/REQ-\d+$/);
  });

  it('the labels page draws a printable label whose QR code opens the form for the asset', async () => {
    const context = await browser.newContext(phone);
    contexts.push(context);
    const page = await context.newPage();
    await signInAs(page, server.baseUrl, 'admin@example.org');
    await page.goto(`${server.baseUrl}/admin/labels`);
    await page.getByRole('checkbox', { name: `${asset.name} (${asset.tag})` }).check();
    const sheet = page.getByRole('list', { name: 'Sheet' });
    const label = sheet.getByRole('listitem');
    await expect.poll(() => label.count()).toBe(1);
    await label.getByText('Scan to report a problem').waitFor();
    const qr = label.getByRole('img', { name: new RegExp(`/new\\?asset=${asset.tag}$`) });
    await expect
      .poll(() => qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth))
      .toBeGreaterThan(0);
    await expectAccessible(page, 'Labels');
  });
});
