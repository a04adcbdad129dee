import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import express from 'express';
import type { Server } from 'node:http';
import { png } from '../../../test/support/media.js';
import { DEFAULT_MEDIA_LIMITS, inspectMedia } from '../src/services/media.js';
import { LocalDiskStorage } from '../src/storage/local-storage.js';
import { mediaKey, uploadKey } from '../src/storage/storage.js';

/** A JPEG segment: marker, 16-bit length (counting itself), body. */
function segment(marker: number, body: Buffer): Buffer {
  const head = Buffer.from([0xff, marker, 0, 0]);
  head.writeUInt16BE(body.length + 2, 2);
  return Buffer.concat([head, body]);
}

/**
 * A 3×2 baseline JPEG's structure: an EXIF segment holding a thumbnail's own SOI/EOI (skipped by
 * length), and scan data with a stuffed FF00 and a restart marker (neither is the end).
 */
const jpeg = Buffer.concat([
  Buffer.from([0xff, 0xd8]),
  segment(0xe1, Buffer.concat([Buffer.from('Exif\0\0'), Buffer.from([0xff, 0xd8, 0xff, 0xd9])])),
  segment(0xdb, Buffer.alloc(65, 1)),
  segment(0xc0, Buffer.from([8, 0, 2, 0, 3, 1, 1, 0x11, 0])),
  segment(0xda, Buffer.from([1, 1, 0, 0, 63, 0])),
  Buffer.from([0x12, 0xff, 0x00, 0x34, 0xff, 0xd0, 0x56]),
  Buffer.from([0xff, 0xd9]),
]);
/** The classic 1×1 GIF: global colour table, graphic control extension, one image, trailer. */
const gif = Buffer.from(
  '47494638396101000100800000ffffff00000021f90401000000002c00000000010001000002024401003b',
  'hex',
);
/** A 1×1 lossless WebP (RIFF, its size field, one VP8L chunk). */
const webp = Buffer.from('UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==', 'base64');

const inspect = (bytes: Buffer) => inspectMedia(bytes, 'image', DEFAULT_MEDIA_LIMITS);

describe('where an image ends', () => {
  it.each([
    ['PNG', png(5, 4), 'image/png', [5, 4]],
    ['JPEG', jpeg, 'image/jpeg', [3, 2]],
    ['GIF', gif, 'image/gif', [1, 1]],
    ['WebP', webp, 'image/webp', [1, 1]],
  ] as const)(
    'accepts a whole %s, and refuses it with one byte more or one byte less',
    async (_format, bytes, contentType, [width, height]) => {
      expect(await inspect(bytes)).toEqual({ ok: true, contentType, width, height });
      expect(await inspect(Buffer.concat([bytes, Buffer.from('<')]))).toEqual({
        ok: false,
        problem: 'has bytes after the end of the image',
      });
      expect(await inspect(bytes.subarray(0, -1))).toEqual({ ok: false, problem: 'is not a complete image' });
    },
  );

  it('refuses a PNG with a page after IEND, even one that ends in another IEND chunk', async () => {
    const iend = png(1, 1).subarray(-12);
    const polyglot = Buffer.concat([png(5, 4), Buffer.from('<html><script>alert(1)</script>'), iend]);
    expect(await inspect(polyglot)).toEqual({ ok: false, problem: 'has bytes after the end of the image' });
  });

  it('refuses a JPEG followed by a second one (multi-picture files, motion photos)', async () => {
    expect(await inspect(Buffer.concat([jpeg, jpeg]))).toEqual({
      ok: false,
      problem: 'has bytes after the end of the image',
    });
  });
});

describe('local disk storage', () => {
  const owner = randomUUID();
  const dir = mkdtempSync(join(tmpdir(), 'shutter-media-test-'));
  let base = '';
  let server: Server;
  const storage = new LocalDiskStorage(dir, 'a test secret of at least thirty-two chars', () => base);
  beforeAll(async () => {
    const app = express();
    storage.routes(app);
    server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  /** A target for exactly `size` bytes of PNG. */
  const target = async (size: number, key = uploadKey(owner, randomUUID())) => ({
    key,
    url: (await storage.createUploadTarget(key, 'image/png', size, new Date(Date.now() + 60_000))).url,
  });
  /** `text`, padded with spaces to `size` bytes. */
  const sized = (text: string, size: number) =>
    Buffer.concat([Buffer.from(text), Buffer.alloc(size - text.length, 0x20)]);
  const put = async (url: string, body: Buffer) =>
    (await fetch(url, { method: 'PUT', headers: { 'content-type': 'image/png' }, body })).status;
  const stored = async (key: string) => storage.readStart(key, 10_000);

  it('takes one write per upload target and refuses every later one', async () => {
    const { key, url } = await target(png(2, 2).length);
    expect(await put(url, png(2, 2))).toBe(200);
    expect(await put(url, sized('<html><script>alert(1)</script></html>', png(2, 2).length))).toBe(409);
    expect((await stored(key)).equals(png(2, 2))).toBe(true);
  });

  it('lets exactly one of concurrent writes to a target win, with all of its bytes', async () => {
    const { key, url } = await target(4096);
    const bodies = Array.from({ length: 6 }, (_, i) => Buffer.alloc(4096, 0x41 + i));
    const statuses = await Promise.all(bodies.map((body) => put(url, body)));
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(5);
    expect((await stored(key)).equals(bodies[statuses.indexOf(200)]!)).toBe(true);
    expect(readdirSync(join(dir, 'u', owner)).filter((name) => name.includes('.partial'))).toEqual([]);
  });

  it('copies only the version it checked, and the copy outlives the upload key, which stays closed', async () => {
    const { key, url } = await target(png(4, 4).length);
    await put(url, png(4, 4));
    const version = (await storage.stat(key))!.version;
    const [stale, media] = [mediaKey(owner, randomUUID()), mediaKey(owner, randomUUID())];
    expect(await storage.copy(key, stale, `${version}-older`)).toBe(false);
    expect(await storage.stat(stale)).toBeNull();
    expect(await storage.copy(key, media, version)).toBe(true);
    await storage.retireUpload(key);
    expect((await storage.stat(key))!.size).toBe(0);
    expect(await put(url, sized('<html>', png(4, 4).length))).toBe(409);
    expect((await stored(media)).equals(png(4, 4))).toBe(true);
    // A retired key is not copied again (its version changed).
    expect(await storage.copy(key, mediaKey(owner, randomUUID()), version)).toBe(false);
  });

  it('takes exactly the signed size: more is 413, fewer (or an unknown length) 400, and nothing is kept', async () => {
    const { key, url } = await target(100);
    expect(await put(url, Buffer.alloc(101))).toBe(413);
    expect(await put(url, Buffer.alloc(99))).toBe(400);
    const chunked = new ReadableStream({
      start(controller) {
        controller.enqueue(new Uint8Array(100));
        controller.close();
      },
    });
    const status = (
      await fetch(url, {
        method: 'PUT',
        headers: { 'content-type': 'image/png' },
        body: chunked,
        duplex: 'half',
      } as RequestInit)
    ).status;
    expect(status).toBe(400);
    expect(await storage.stat(key)).toBeNull();
    expect(await put(url, Buffer.alloc(100))).toBe(200);
  });

  it('refuses writes to media keys, even under a valid signature', async () => {
    const { url } = await target(png(2, 2).length, mediaKey(owner, randomUUID()));
    expect(await put(url, png(2, 2))).toBe(403);
  });

  it.each([
    ['an image', 'image/png', 'inline', 'png'],
    ['a video', 'video/mp4', 'attachment', 'mp4'],
  ])('serves %s with its checked type, nosniff, a sandbox and a generated filename', async (_n, type, how, ext) => {
    const { key, url } = await target(png(2, 2).length);
    await put(url, png(2, 2));
    const id = randomUUID();
    await storage.copy(key, mediaKey(owner, id), (await storage.stat(key))!.version);
    const response = await fetch(await storage.readUrl(mediaKey(owner, id), type));
    expect(response.status).toBe(200);
    expect(
      Object.fromEntries(
        ['content-type', 'x-content-type-options', 'content-disposition'].map((h) => [h, response.headers.get(h)]),
      ),
    ).toEqual({
      'content-type': type,
      'x-content-type-options': 'nosniff',
      'content-disposition': `${how}; filename="${id}.${ext}"`,
    });
    expect(response.headers.get('content-security-policy')).toMatch(/sandbox/);
  });
});
