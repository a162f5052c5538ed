/*
 * Seeded randomness for the demo generator: the same seed gives the same
 * organisation's year, on any machine.
 */

/** splitmix32: spreads a small seed over a 32-bit state. */
function splitmix32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** sfc32 (128-bit state, passes PractRand): returns unsigned 32-bit integers. */
export function seededUint32(seed: number, salt = 0): () => number {
  const init = splitmix32((seed ^ Math.imul(salt, 0x27d4eb2d)) >>> 0);
  let a = init();
  let b = init();
  let c = init();
  let d = init() | 1;
  const next = () => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  for (let i = 0; i < 12; i++) next();
  return next;
}

/** A seeded PRNG in [0, 1). */
export function seededRandom(seed: number, salt = 0): () => number {
  const u32 = seededUint32(seed, salt);
  return () => u32() / 4_294_967_296;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** A version-4 uuid from a seeded stream. */
export function seededUuid(u32: () => number): () => string {
  return () => {
    const a = u32();
    const b = u32();
    const c = u32();
    const d = u32();
    const h = (x: number, shift: number) => HEX[(x >>> shift) & 0xff]!;
    return (
      `${h(a, 24)}${h(a, 16)}${h(a, 8)}${h(a, 0)}-` +
      `${h(b, 24)}${h(b, 16)}-${HEX[0x40 | ((b >>> 8) & 0x0f)]}${h(b, 0)}-` +
      `${HEX[0x80 | ((c >>> 24) & 0x3f)]}${h(c, 16)}-${h(c, 8)}${h(c, 0)}` +
      `${h(d, 24)}${h(d, 16)}${h(d, 8)}${h(d, 0)}`
    );
  };
}
