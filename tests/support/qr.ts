import jsQR from 'jsqr';

/**
 * Reads a QR code drawn as SVG by `qrcode` the way a phone's camera would: the path's runs of
 * dark modules become pixels, and jsQR decodes the picture. A label that cannot be scanned
 * fails here, whatever the SVG looks like.
 */
export function decodeQrSvg(svg: string): string | null {
  const size = Number(/viewBox="0 0 (\d+) \d+"/.exec(svg)?.[1]);
  const path = /<path[^>]*stroke="[^"]+"[^>]*d="([^"]+)"/.exec(svg)?.[1];
  if (!size || !path) return null;
  const dark = Array.from({ length: size }, () => new Array<boolean>(size).fill(false));
  let x = 0;
  let y = 0;
  for (const [, op, a, b] of path.matchAll(/([MmhHvV])(-?[\d.]+)(?:[ ,](-?[\d.]+))?/g)) {
    const n = Number(a);
    if (op === 'M') [x, y] = [n, Number(b)];
    else if (op === 'm') [x, y] = [x + n, y + Number(b)];
    else if (op === 'h') {
      for (let i = 0; i < n; i++) dark[Math.floor(y)]![x + i] = true;
      x += n;
    } else throw new Error(`unexpected path command ${op}`);
  }
  const scale = 4;
  const px = size * scale;
  const rgba = new Uint8ClampedArray(px * px * 4);
  for (let py = 0; py < px; py++) {
    for (let pxx = 0; pxx < px; pxx++) {
      const v = dark[Math.floor(py / scale)]![Math.floor(pxx / scale)] ? 0 : 255;
      rgba.set([v, v, v, 255], (py * px + pxx) * 4);
    }
  }
  return jsQR(rgba, px, px)?.data ?? null;
}
