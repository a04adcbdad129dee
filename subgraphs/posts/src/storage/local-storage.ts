import { createHmac, timingSafeEqual } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import type { Express, Request, Response } from 'express';
import { KEY_PATTERN, type MediaStorage, type StoredObject, type UploadTarget } from './storage.js';

const READ_URL_TTL_SECONDS = 3_600;

/**
 * The embedded default: files on local disk behind HMAC-signed URLs that the posts subgraph serves
 * itself. The upload URL fixes the key, content type, maximum size and expiry; the server checks
 * all four while the bytes arrive.
 */
export class LocalDiskStorage implements MediaStorage {
  readonly kind = 'local' as const;
  private readonly key: Buffer;

  constructor(
    private readonly dir: string,
    secret: string,
    /** The subgraph's public base URL, known once it listens. */
    private readonly baseUrl: () => string,
  ) {
    this.key = createHmac('sha256', secret).update('shutter-local-media').digest();
  }

  async createUploadTarget(key: string, contentType: string, maxBytes: number, expiresAt: Date): Promise<UploadTarget> {
    const exp = Math.floor(expiresAt.getTime() / 1000);
    const sig = this.sign(['PUT', key, contentType, String(maxBytes), String(exp)]);
    const query = new URLSearchParams({ ct: contentType, max: String(maxBytes), exp: String(exp), sig });
    return { url: `${this.baseUrl()}/media/upload/${key}?${query}`, method: 'PUT', fields: [], expiresAt };
  }

  async stat(key: string): Promise<StoredObject | null> {
    try {
      const info = await stat(this.path(key));
      return { size: info.size, lastModified: info.mtime };
    } catch {
      return null;
    }
  }

  async readStart(key: string, bytes: number): Promise<Buffer> {
    const file = await open(this.path(key), 'r');
    try {
      const buffer = Buffer.alloc(bytes);
      const { bytesRead } = await file.read(buffer, 0, bytes, 0);
      return buffer.subarray(0, bytesRead);
    } finally {
      await file.close();
    }
  }

  async readUrl(key: string, contentType: string): Promise<string> {
    const exp = Math.floor(Date.now() / 1000) + READ_URL_TTL_SECONDS;
    const sig = this.sign(['GET', key, contentType, String(exp)]);
    return `${this.baseUrl()}/media/object/${key}?${new URLSearchParams({ ct: contentType, exp: String(exp), sig })}`;
  }

  async delete(keys: string[]): Promise<void> {
    await Promise.all(keys.map((key) => rm(this.path(key), { force: true })));
  }

  routes(app: Express): void {
    app.put('/media/upload/u/:owner/:id', (req, res) => {
      void this.receive(req, res);
    });
    app.get('/media/object/u/:owner/:id', (req, res) => {
      void this.send(req, res);
    });
  }

  private async receive(req: Request, res: Response): Promise<void> {
    const key = `u/${req.params.owner}/${req.params.id}`;
    const { ct, max, exp, sig } = req.query as Record<string, string>;
    if (!KEY_PATTERN.test(key) || !ct || !max || !exp || !sig || !this.verify(['PUT', key, ct, max, exp], sig)) {
      res.status(403).json({ error: 'invalid signature' });
      return;
    }
    if (Number(exp) * 1000 < Date.now()) {
      res.status(403).json({ error: 'upload target expired' });
      return;
    }
    if (req.header('content-type') !== ct) {
      res.status(400).json({ error: `content-type must be ${ct}` });
      return;
    }
    const limit = Number(max);
    const declared = Number(req.header('content-length') ?? 'NaN');
    if (declared > limit) {
      res.status(413).json({ error: `at most ${limit} bytes` });
      return;
    }
    const target = this.path(key);
    const partial = `${target}.partial`;
    await mkdir(dirname(target), { recursive: true });
    let received = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        received += chunk.length;
        done(received > limit ? new Error('too large') : null, chunk);
      },
    });
    try {
      await pipeline(req, counter, createWriteStream(partial));
      await rename(partial, target);
      res.status(200).json({ ok: true });
    } catch {
      await rm(partial, { force: true });
      res
        .status(received > limit ? 413 : 400)
        .json({ error: received > limit ? `at most ${limit} bytes` : 'upload failed' });
    }
  }

  private async send(req: Request, res: Response): Promise<void> {
    const key = `u/${req.params.owner}/${req.params.id}`;
    const { ct, exp, sig } = req.query as Record<string, string>;
    if (
      !KEY_PATTERN.test(key) ||
      !ct ||
      !exp ||
      !sig ||
      !this.verify(['GET', key, ct, exp], sig) ||
      Number(exp) * 1000 < Date.now()
    ) {
      res.status(403).json({ error: 'invalid or expired link' });
      return;
    }
    if (!(await this.stat(key))) {
      res.status(404).json({ error: 'not found' });
      return;
    }
    res.setHeader('content-type', ct);
    res.setHeader('cache-control', 'private, max-age=3600');
    await pipeline(createReadStream(this.path(key)), res).catch(() => undefined);
  }

  private path(key: string): string {
    if (!KEY_PATTERN.test(key)) throw new Error(`invalid storage key ${key}`);
    return join(this.dir, key);
  }

  private sign(parts: string[]): string {
    return createHmac('sha256', this.key).update(parts.join('\n')).digest('base64url');
  }

  private verify(parts: string[], signature: string): boolean {
    const expected = Buffer.from(this.sign(parts));
    const given = Buffer.from(signature);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }
}
