import { crc32, deflateSync } from 'node:zlib';

/** The demo network's people, places and words: fixed, so every seed makes the same network. */
export const PEOPLE = [
  ['ada', 'Ada Lovelace'],
  ['alan', 'Alan Turing'],
  ['grace', 'Grace Hopper'],
  ['linus', 'Linus Torvalds'],
  ['margaret', 'Margaret Hamilton'],
  ['ken', 'Ken Thompson'],
  ['barbara', 'Barbara Liskov'],
  ['dennis', 'Dennis Ritchie'],
  ['frances', 'Frances Allen'],
  ['edsger', 'Edsger Dijkstra'],
  ['radia', 'Radia Perlman'],
  ['donald', 'Donald Knuth'],
  ['katherine', 'Katherine Johnson'],
  ['tim', 'Tim Berners-Lee'],
  ['hedy', 'Hedy Lamarr'],
  ['john', 'John McCarthy'],
  ['annie', 'Annie Easley'],
  ['guido', 'Guido van Rossum'],
  ['adele', 'Adele Goldberg'],
  ['bjarne', 'Bjarne Stroustrup'],
  ['sophie', 'Sophie Wilson'],
  ['leslie', 'Leslie Lamport'],
  ['shafi', 'Shafi Goldwasser'],
  ['yukihiro', 'Yukihiro Matsumoto'],
] as const;

export const TAGS = ['sunset', 'travel', 'food', 'nature', 'coffee', 'city', 'art', 'friends', 'beach', 'music'];
export const SCENES = [
  'Golden hour by the river',
  'Morning walk through the old town',
  'First coffee of the day',
  'Rain on the window',
  'The view from the top',
  'Sunday market finds',
  'Light through the trees',
  'Late dinner with',
  'Back at the studio with',
  'Long weekend by the sea',
];
export const REPLIES = ['Love this!', 'Where is this?', 'Stunning light.', 'Take me there 😍', 'So good.', 'Wow!'];

/** A deterministic pseudo-random sequence (mulberry32), so the demo network is the same every time. */
export function sequence(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/**
 * A PNG file of 8-bit pixels: `rows` are the scanlines, each a filter byte (0) and then one byte per
 * pixel (greyscale) or three (RGB). Also the tests' PNGs (test/support/media.ts).
 */
export function encodePng(width: number, height: number, colour: 'grey' | 'rgb', rows: Buffer): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = colour === 'rgb' ? 2 : 0; // truecolour or greyscale
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** An RGB colour from a hue (0..360) at pleasant saturation and lightness. */
function hue(degrees: number, lightness: number): [number, number, number] {
  const s = 0.6;
  const c = (1 - Math.abs(2 * lightness - 1)) * s;
  const h = (((degrees % 360) + 360) % 360) / 60;
  const x = c * (1 - Math.abs((h % 2) - 1));
  const [r, g, b] =
    h < 1 ? [c, x, 0] : h < 2 ? [x, c, 0] : h < 3 ? [0, c, x] : h < 4 ? [0, x, c] : h < 5 ? [x, 0, c] : [c, 0, x];
  const m = lightness - c / 2;
  return [r, g, b].map((v) => Math.round((v + m) * 255)) as [number, number, number];
}

/** A real PNG: a diagonal gradient between two hues, so demo photos and avatars are told apart. */
export function gradientPng(width: number, height: number, fromHue: number, toHue: number): Buffer {
  const rows = Buffer.alloc((3 * width + 1) * height);
  for (let y = 0; y < height; y += 1) {
    const row = y * (3 * width + 1);
    rows[row] = 0; // no filter
    for (let x = 0; x < width; x += 1) {
      const t = (x / width + y / height) / 2;
      const [r, g, b] = hue(fromHue + (toHue - fromHue) * t, 0.35 + 0.3 * t);
      rows.set([r, g, b], row + 1 + 3 * x);
    }
  }
  return encodePng(width, height, 'rgb', rows);
}
