import { randomBytes } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { attachmentPreviews, attachments } from '../../server/src/db/schema';
import type { Db } from '../../server/src/db/types';
import { makeTestApp, signIn, type TestApp } from '../support/app';
import { makeOrg } from '../support/factories';

let app: TestApp;
let db: Db;
let org: Awaited<ReturnType<typeof makeOrg>>;
const c: Record<string, string> = {};
let requestId: string;

async function setUp(env: Record<string, string> = {}) {
  ({ app, db } = await makeTestApp(env));
  org = await makeOrg(db);
  for (const who of ['admin', 'lead', 'owner', 'staff'] as const) {
    c[who] = await signIn(app, org[who].email);
  }
  const res = await app.inject({
    method: 'POST',
    url: '/api/requests',
    headers: { cookie: c.staff! },
    payload: {
      title: 'Treadmill 3 belt slips',
      desiredOutcome: 'Belt runs true',
      categoryId: org.equipment.id,
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  requestId = res.json().id;
}
afterEach(() => app.close());

interface Part {
  name?: string;
  filename: string;
  type: string;
  data: Buffer;
}

function multipart(part: Part) {
  const boundary = `----ft${randomBytes(8).toString('hex')}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="${part.name ?? 'file'}"; filename="${part.filename}"\r\nContent-Type: ${part.type}\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return {
    payload: Buffer.concat([head, part.data, tail]),
    type: `multipart/form-data; boundary=${boundary}`,
  };
}

function upload(
  who: string | null,
  part: Part,
  extra: Record<string, string> = {},
  id = requestId,
) {
  const body = multipart(part);
  return app.inject({
    method: 'POST',
    url: `/api/requests/${id}/attachments`,
    headers: {
      'content-type': body.type,
      ...(who ? { cookie: c[who]! } : {}),
      ...extra,
    },
    payload: body.payload,
  });
}

const get = (who: string, url: string, headers: Record<string, string> = {}) =>
  app.inject({ method: 'GET', url, headers: { cookie: c[who]!, ...headers } });

const image = (format: 'jpeg' | 'png' | 'webp' | 'gif', width = 64, height = 48) =>
  sharp({ create: { width, height, channels: 3, background: { r: 30, g: 110, b: 80 } } })
    .toFormat(format)
    .toBuffer();

/** A minimal HEIC: an ftyp box with the heic brand and nothing a decoder can draw. */
const heic = () =>
  Buffer.concat([
    Buffer.from([0, 0, 0, 0x18]),
    Buffer.from('ftypheic'),
    Buffer.from([0, 0, 0, 0]),
    Buffer.from('mif1heic'),
    randomBytes(200),
  ]);

const pdf = (pad = 0) =>
  Buffer.from(
    `%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n${'%'.repeat(pad)}\ntrailer << /Root 1 0 R >>\n%%EOF\n`,
  );

/** A GPS latitude no photo has: its rationals are what the stored bytes must not contain. */
const LAT = [51, 1, 30, 1, 987_654, 10_000];

/** An EXIF APP1 segment (little-endian TIFF) with a GPS IFD: latitude N and LAT. */
function gpsExif(): Buffer {
  const tiff = Buffer.alloc(56 + 24);
  tiff.write('II', 0, 'ascii');
  tiff.writeUInt16LE(42, 2);
  tiff.writeUInt32LE(8, 4);
  // IFD0: one entry, GPSInfo → the GPS IFD at 26.
  tiff.writeUInt16LE(1, 8);
  tiff.writeUInt16LE(0x8825, 10);
  tiff.writeUInt16LE(4, 12);
  tiff.writeUInt32LE(1, 14);
  tiff.writeUInt32LE(26, 18);
  tiff.writeUInt32LE(0, 22);
  // GPS IFD: GPSLatitudeRef "N", GPSLatitude three rationals at 56.
  tiff.writeUInt16LE(2, 26);
  tiff.writeUInt16LE(0x0001, 28);
  tiff.writeUInt16LE(2, 30);
  tiff.writeUInt32LE(2, 32);
  tiff.write('N\0', 36, 'ascii');
  tiff.writeUInt16LE(0x0002, 40);
  tiff.writeUInt16LE(5, 42);
  tiff.writeUInt32LE(3, 44);
  tiff.writeUInt32LE(56, 48);
  tiff.writeUInt32LE(0, 52);
  LAT.forEach((v, i) => {
    tiff.writeUInt32LE(v, 56 + i * 4);
  });
  const body = Buffer.concat([Buffer.from('Exif\0\0', 'binary'), tiff]);
  const head = Buffer.from([0xff, 0xe1, 0, 0]);
  head.writeUInt16BE(body.length + 2, 2);
  return Buffer.concat([head, body]);
}

function latitudeBytes() {
  const b = Buffer.alloc(24);
  LAT.forEach((v, i) => {
    b.writeUInt32LE(v, i * 4);
  });
  return b;
}

async function jpegWithGps() {
  const plain = await image('jpeg', 120, 80);
  // Right after SOI, where a camera writes it.
  return Buffer.concat([plain.subarray(0, 2), gpsExif(), plain.subarray(2)]);
}

describe('attachments', () => {
  beforeEach(() => setUp());

  it('accepts each allowed type, recognised from the content whatever the name and declared type', async () => {
    const cases: [Buffer, string][] = [
      [await image('jpeg'), 'image/jpeg'],
      [await image('png'), 'image/png'],
      [await image('webp'), 'image/webp'],
      [await image('gif'), 'image/gif'],
      [heic(), 'image/heic'],
      [pdf(), 'application/pdf'],
    ];
    for (const [data, type] of cases) {
      // Every one declared as something it is not.
      const res = await upload('staff', { filename: 'upload.bin', type: 'text/plain', data });
      expect(res.statusCode, `${type}: ${res.body}`).toBe(201);
      const body = res.json();
      expect(body).toMatchObject({
        requestId,
        filename: 'upload.bin',
        contentType: type,
        size: data.length,
        uploadedBy: { id: org.staff.id, name: org.staff.name },
      });
      expect(res.headers.location).toBe(`/api/attachments/${body.id}`);
    }
    const list = await get('owner', `/api/requests/${requestId}/attachments`);
    expect(list.json().items.map((a: { contentType: string }) => a.contentType)).toEqual(
      cases.map(([, t]) => t),
    );
  });

  it('refuses HTML, SVG and text dressed as images with 415, storing nothing', async () => {
    const disguised: Part[] = [
      {
        filename: 'photo.jpg',
        type: 'image/jpeg',
        data: Buffer.from('<!doctype html><script>alert(document.cookie)</script>'),
      },
      {
        filename: 'logo.png',
        type: 'image/png',
        data: Buffer.from(
          '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="9" height="9"/></svg>',
        ),
      },
      { filename: 'notes.pdf', type: 'application/pdf', data: Buffer.from('just some words') },
      {
        filename: 'a.zip',
        type: 'application/zip',
        data: Buffer.from('PK\x03\x04xxxxxxxxxxxxxxxxxxxxxx'),
      },
    ];
    for (const part of disguised) {
      const res = await upload('staff', part);
      expect(res.statusCode, part.filename).toBe(415);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json()).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE' });
      expect(res.json().detail).toContain('file');
    }
    expect(await db.select().from(attachments)).toHaveLength(0);
  });

  it('refuses a file field under another name, and an empty file, naming the field', async () => {
    const wrong = await upload('staff', {
      name: 'photo',
      filename: 'a.pdf',
      type: 'application/pdf',
      data: pdf(),
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().errors).toEqual([expect.objectContaining({ path: 'file' })]);
    const empty = await upload('staff', {
      filename: 'a.pdf',
      type: 'application/pdf',
      data: Buffer.alloc(0),
    });
    expect(empty.statusCode).toBe(400);
  });

  it('allows 20 attachments on a request and refuses the 21st with 409', async () => {
    for (let i = 0; i < 20; i++) {
      const res = await upload('staff', {
        filename: `p${i}.pdf`,
        type: 'application/pdf',
        data: pdf(i),
      });
      expect(res.statusCode, res.body).toBe(201);
    }
    const res = await upload('staff', {
      filename: 'p21.pdf',
      type: 'application/pdf',
      data: pdf(),
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().detail).toContain('20');
    const [n] = await db.select({ n: sql<number>`count(*)::int` }).from(attachments);
    expect(Number(n?.n)).toBe(20);
  });

  it('refuses a cross-site multipart post (403), and multipart anywhere but the upload route', async () => {
    const res = await upload(
      'staff',
      { filename: 'a.pdf', type: 'application/pdf', data: pdf() },
      { origin: 'https://elsewhere.example' },
    );
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('CSRF_REJECTED');
    const body = multipart({
      name: 'body',
      filename: 'x.txt',
      type: 'text/plain',
      data: Buffer.from('hi'),
    });
    const comment = await app.inject({
      method: 'POST',
      url: `/api/requests/${requestId}/comments`,
      headers: { cookie: c.staff!, 'content-type': body.type },
      payload: body.payload,
    });
    expect(comment.statusCode).toBe(403);
    expect(await db.select().from(attachments)).toHaveLength(0);
  });

  it('answers 401 to anyone not signed in, for uploads and for the bytes', async () => {
    const res = await upload(null, { filename: 'a.pdf', type: 'application/pdf', data: pdf() });
    expect(res.statusCode).toBe(401);
    const ok = await upload('staff', { filename: 'a.pdf', type: 'application/pdf', data: pdf() });
    const anon = await app.inject({ method: 'GET', url: `/api/attachments/${ok.json().id}` });
    expect(anon.statusCode).toBe(401);
  });

  it('answers 404 for an unknown request or attachment', async () => {
    const res = await upload(
      'staff',
      { filename: 'a.pdf', type: 'application/pdf', data: pdf() },
      {},
      '0195f2a0-0000-7000-8000-0000000000ff',
    );
    expect(res.statusCode).toBe(404);
    expect((await get('staff', '/api/attachments/nope')).statusCode).toBe(404);
    expect(
      (await get('staff', '/api/attachments/0195f2a0-0000-7000-8000-0000000000ff')).statusCode,
    ).toBe(404);
  });

  it('serves the bytes exactly, with their type, guarded and cacheable', async () => {
    // Noise does not compress: over 2 MiB, so it is read in several slices.
    const noise = await sharp(randomBytes(900 * 900 * 3), {
      raw: { width: 900, height: 900, channels: 3 },
    })
      .png()
      .toBuffer();
    expect(noise.length).toBeGreaterThan(2 * 1024 * 1024);
    const up = await upload('staff', {
      filename: 'Laufband 3; Süd.png',
      type: 'image/png',
      data: noise,
    });
    expect(up.statusCode, up.body).toBe(201);
    const { id } = up.json();
    const res = await get('owner', `/api/attachments/${id}`);
    expect(res.statusCode).toBe(200);
    expect(res.rawPayload.equals(noise)).toBe(true);
    expect(res.headers['content-type']).toBe('image/png');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toMatch(/^sandbox/);
    const disposition = String(res.headers['content-disposition']);
    expect(disposition).toMatch(
      /^inline; filename="Laufband 3; S_d.png"; filename\*=UTF-8''Laufband%203%3B%20S%C3%BCd.png$/,
    );
    expect(disposition).toContain(encodeURIComponent('Süd'));
    expect(res.headers['cache-control']).toContain('immutable');
    const etag = String(res.headers.etag);
    expect(etag).toMatch(/^"[0-9a-f]{64}"$/);
    const again = await get('owner', `/api/attachments/${id}`, { 'if-none-match': etag });
    expect(again.statusCode).toBe(304);
    expect(again.rawPayload.length).toBe(0);

    const doc = await upload('staff', {
      filename: 'manual.pdf',
      type: 'application/pdf',
      data: pdf(),
    });
    const served = await get('staff', `/api/attachments/${doc.json().id}`);
    expect(served.rawPayload.equals(pdf())).toBe(true);
    expect(served.headers['content-type']).toBe('application/pdf');
    expect(String(served.headers['content-disposition'])).toMatch(/^attachment; /);
  });

  it('removes EXIF GPS from a stored photo', async () => {
    const photo = await jpegWithGps();
    expect(photo.includes(latitudeBytes())).toBe(true);
    expect((await sharp(photo).metadata()).exif).toBeDefined();
    const up = await upload('staff', { filename: 'belt.jpg', type: 'image/jpeg', data: photo });
    expect(up.statusCode, up.body).toBe(201);
    const res = await get('staff', `/api/attachments/${up.json().id}`);
    const stored = res.rawPayload;
    expect(stored.includes(latitudeBytes())).toBe(false);
    expect(stored.includes(Buffer.from('Exif\0\0', 'binary'))).toBe(false);
    const meta = await sharp(stored).metadata();
    expect(meta.format).toBe('jpeg');
    expect(meta.exif).toBeUndefined();
    expect([meta.width, meta.height]).toEqual([120, 80]);
    expect(up.json()).toMatchObject({ size: stored.length, width: 120, height: 80 });
  });

  it('makes a preview of at most 480 px once, and none for an image it cannot decode', async () => {
    const big = await image('jpeg', 1200, 900);
    const up = await upload('staff', { filename: 'wide.jpg', type: 'image/jpeg', data: big });
    expect(up.json()).toMatchObject({ hasPreview: true, width: 1200, height: 900 });
    const res = await get('staff', `/api/attachments/${up.json().id}/preview`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('image/webp');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    const meta = await sharp(res.rawPayload).metadata();
    expect([meta.width, meta.height]).toEqual([480, 360]);
    const stored = await db.select().from(attachmentPreviews);
    expect(stored).toHaveLength(1);

    const odd = await upload('staff', {
      filename: 'iphone.heic',
      type: 'image/heic',
      data: heic(),
    });
    expect(odd.statusCode).toBe(201);
    expect(odd.json().hasPreview).toBe(false);
    expect((await get('staff', `/api/attachments/${odd.json().id}/preview`)).statusCode).toBe(404);
    const doc = await upload('staff', { filename: 'a.pdf', type: 'application/pdf', data: pdf() });
    expect(doc.json().hasPreview).toBe(false);
  });

  it('records attachment_added and attachment_removed; removal is for the uploader, owner, lead or admin and deletes the bytes', async () => {
    const up = await upload('staff', {
      filename: 'belt.jpg',
      type: 'image/jpeg',
      data: await image('jpeg'),
    });
    const { id } = up.json();
    const before = await get('staff', `/api/requests/${requestId}`);
    const version = Number(String(before.headers.etag).replace(/\D/g, ''));

    let events = (await get('staff', `/api/requests/${requestId}/events`)).json();
    expect(events.at(-1)).toMatchObject({
      type: 'attachment_added',
      actor: { id: org.staff.id },
      data: {
        attachmentId: id,
        filename: 'belt.jpg',
        contentType: 'image/jpeg',
        size: up.json().size,
      },
    });

    // The owner's upload is removable by the owner, a lead, an admin, but not by other staff.
    const theirs = await upload('owner', {
      filename: 'b.pdf',
      type: 'application/pdf',
      data: pdf(),
    });
    const refused = await app.inject({
      method: 'DELETE',
      url: `/api/attachments/${theirs.json().id}`,
      headers: { cookie: c.staff! },
    });
    expect(refused.statusCode).toBe(403);
    for (const who of ['lead', 'admin'] as const) {
      const one = await upload('owner', {
        filename: `${who}.pdf`,
        type: 'application/pdf',
        data: pdf(),
      });
      const del = await app.inject({
        method: 'DELETE',
        url: `/api/attachments/${one.json().id}`,
        headers: { cookie: c[who]! },
      });
      expect(del.statusCode, who).toBe(204);
    }

    const del = await app.inject({
      method: 'DELETE',
      url: `/api/attachments/${id}`,
      headers: { cookie: c.staff! },
    });
    expect(del.statusCode).toBe(204);
    expect((await get('staff', `/api/attachments/${id}`)).statusCode).toBe(404);
    expect(await db.select().from(attachments).where(eq(attachments.id, id))).toHaveLength(0);
    expect(
      await db.select().from(attachmentPreviews).where(eq(attachmentPreviews.attachmentId, id)),
    ).toHaveLength(0);

    events = (await get('staff', `/api/requests/${requestId}/events`)).json();
    expect(events.at(-1)).toMatchObject({
      type: 'attachment_removed',
      actor: { id: org.staff.id },
      data: { attachmentId: id, filename: 'belt.jpg' },
    });
    // Each upload and removal moved the request's version on, like every other change.
    const after = await get('staff', `/api/requests/${requestId}`);
    expect(Number(String(after.headers.etag).replace(/\D/g, ''))).toBe(version + 6);
  });

  it('takes no attachments on a closed request', async () => {
    const cancel = await app.inject({
      method: 'POST',
      url: `/api/requests/${requestId}/cancel`,
      headers: { cookie: c.lead! },
      payload: { reason: 'Duplicate' },
    });
    expect(cancel.statusCode, cancel.body).toBe(200);
    const res = await upload('staff', { filename: 'a.pdf', type: 'application/pdf', data: pdf() });
    expect(res.statusCode).toBe(409);
  });
});

describe('attachment size', () => {
  beforeEach(() => setUp({ ATTACHMENT_MAX_BYTES: '4096' }));

  it('refuses a file over ATTACHMENT_MAX_BYTES with 413 as it streams, storing nothing', async () => {
    const ok = await upload('staff', {
      filename: 'small.pdf',
      type: 'application/pdf',
      data: pdf(3000),
    });
    expect(ok.statusCode, ok.body).toBe(201);
    // Just over the limit: the framing allowance lets the body in, the stream's count refuses it.
    const over = await upload('staff', {
      filename: 'big.pdf',
      type: 'application/pdf',
      data: pdf(4200),
    });
    expect(over.statusCode).toBe(413);
    expect(over.json()).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
    // Far over: refused from its Content-Length before a byte is read.
    const huge = await upload('staff', {
      filename: 'huge.pdf',
      type: 'application/pdf',
      data: pdf(200_000),
    });
    expect(huge.statusCode).toBe(413);
    expect(await db.select({ id: attachments.id }).from(attachments)).toHaveLength(1);
  });
});
