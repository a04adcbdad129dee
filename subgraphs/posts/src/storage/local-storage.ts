import { createHmac, createSecretKey, randomUUID, timingSafeEqual, type KeyObject } from 'node:crypto';
import { constants, createReadStream, createWriteStream, type Stats } from 'node:fs';
import { copyFile, link, mkdir, open, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import type { Express, Request, Response } from 'express';
import {
  contentDisposition,
  KEY_PATTERN,
  ReadUrlCache,
  UPLOAD_KEY_PATTERN,
  type MediaStorage,
  type StoredObject,
  type UploadTarget,
} from './storage.js';

const versionOf = (info: Stats) => `${info.ino}:${info.size}:${info.mtimeMs}`;
const errorCode = (error: unknown) => (error as NodeJS.ErrnoException).code;

/**
 * The embedded default: files on local disk behind HMAC-signed URLs that the posts subgraph serves
 * itself. The upload URL fixes the key, content type, exact size and expiry; the server checks
 * all four while the bytes arrive (as S3 does for its pre-signed PUT). A key is written once: the file appears under its name only
 * complete (a hard link from a private partial file, which fails when the name exists), so a second
 * write to a target, even a concurrent one, is refused, and the bytes of a key never change.
 */
export class LocalDiskStorage implements MediaStorage {
  readonly kind = 'local' as const;
  /** A KeyObject made once: an HMAC from raw key bytes costs ~20× more (OpenSSL 3 imports the key each time). */
  private readonly key: KeyObject;
  private readonly readUrls = new ReadUrlCache();

  constructor(
    private readonly dir: string,
    secret: string,
    /** The subgraph's public base URL, known once it listens. */
    private readonly baseUrl: () => string,
  ) {
    this.key = createSecretKey(createHmac('sha256', secret).update('shutter-local-media').digest());
  }

  async createUploadTarget(key: string, contentType: string, byteSize: number, expiresAt: Date): Promise<UploadTarget> {
    const exp = Math.floor(expiresAt.getTime() / 1000);
    // `max` is the exact size since the batch upload change (issue 15): like S3's signed Content-Length.
    const sig = this.sign(['PUT', key, contentType, String(byteSize), String(exp)]);
    const query = new URLSearchParams({ ct: contentType, max: String(byteSize), exp: String(exp), sig });
    return {
      url: `${this.baseUrl()}/media/upload/${key}?${query}`,
      method: 'PUT',
      fields: [],
      headers: [{ name: 'Content-Type', value: contentType }],
      expiresAt,
    };
  }

  async stat(key: string): Promise<StoredObject | null> {
    try {
      const info = await stat(this.path(key));
      return { size: info.size, lastModified: info.mtime, version: versionOf(info) };
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

  /**
   * A hard link (no bytes copied) where the file system has them, else a copy. Either way the copy
   * is of `version`: upload files are never rewritten in place (only replaced by `retireUpload`'s
   * rename, which gives the name a new inode), so the source unchanged after the copy means the
   * copy holds that version.
   */
  async copy(from: string, to: string, version: string): Promise<boolean> {
    const [source, target] = [this.path(from), this.path(to)];
    const current = async () => {
      try {
        return versionOf(await stat(source)) === version;
      } catch {
        return false;
      }
    };
    if (!(await current())) return false;
    await mkdir(dirname(target), { recursive: true });
    try {
      await link(source, target);
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return false;
      if (!['EPERM', 'ENOTSUP', 'EXDEV', 'EMLINK'].includes(errorCode(error) ?? '')) throw error;
      await copyFile(source, target, constants.COPYFILE_EXCL);
    }
    if (await current()) return true;
    await rm(target, { force: true });
    return false;
  }

  /**
   * Puts an empty file in the upload's place (one rename: the name never stands free), so the
   * bytes live on only under the media key and the upload route keeps refusing the key.
   */
  async retireUpload(key: string): Promise<void> {
    const target = this.path(key);
    const tombstone = `${target}.${randomUUID()}.retired`;
    await writeFile(tombstone, '');
    try {
      await rename(tombstone, target);
    } catch (error) {
      await rm(tombstone, { force: true });
      throw error;
    }
  }

  readUrl(key: string, contentType: string): Promise<string> {
    const base = this.baseUrl();
    // Keyed by the base too: a URL is never handed out under an origin it was not made for.
    return this.readUrls.get(`${base}/${key}`, contentType, ({ expiresAt }) => {
      const sig = this.sign(['GET', key, contentType, String(expiresAt)]);
      return `${base}/media/object/${key}?${new URLSearchParams({ ct: contentType, exp: String(expiresAt), sig })}`;
    });
  }

  async delete(keys: string[]): Promise<void> {
    await Promise.all(keys.map((key) => rm(this.path(key), { force: true })));
  }

  routes(app: Express): void {
    // A browser client uploads from its own origin: the signed URL is the capability (no cookies,
    // no credentials), so any origin may send the PUT it names (its preflight answered here).
    app.options('/media/upload/:prefix/:owner/:id', (_req, res) => {
      res.setHeader('access-control-allow-origin', '*');
      res.setHeader('access-control-allow-methods', 'PUT');
      res.setHeader('access-control-allow-headers', 'content-type');
      res.setHeader('access-control-max-age', '600');
      res.status(204).end();
    });
    app.put('/media/upload/:prefix/:owner/:id', (req, res) => {
      res.setHeader('access-control-allow-origin', '*');
      void this.receive(req, res);
    });
    app.get('/media/object/:prefix/:owner/:id', (req, res) => {
      void this.send(req, res);
    });
  }

  private async receive(req: Request, res: Response): Promise<void> {
    const key = `${req.params.prefix}/${req.params.owner}/${req.params.id}`;
    const { ct, max, exp, sig } = req.query as Record<string, string>;
    if (!UPLOAD_KEY_PATTERN.test(key) || !ct || !max || !exp || !sig || !this.verify(['PUT', key, ct, max, exp], sig)) {
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
      res.status(413).json({ error: `exactly ${limit} bytes` });
      return;
    }
    if (declared !== limit) {
      // A body of another size than requested (or of unknown size: chunked) is refused, as S3 does.
      res.status(400).json({ error: `content-length must be ${limit}` });
      return;
    }
    const target = this.path(key);
    const used = () => res.status(409).json({ error: 'this upload target has been used' });
    // Spares the bytes of an obvious second attempt; the link below is what decides.
    if (await this.stat(key)) {
      used();
      return;
    }
    // Each request writes its own partial file, so concurrent attempts never mix their bytes.
    const partial = `${target}.${randomUUID()}.partial`;
    await mkdir(dirname(target), { recursive: true });
    let received = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        received += chunk.length;
        done(received > limit ? new Error('too large') : null, chunk);
      },
      flush(done) {
        done(received === limit ? null : new Error('incomplete'));
      },
    });
    try {
      await pipeline(req, counter, createWriteStream(partial, { flags: 'wx' }));
    } catch {
      await rm(partial, { force: true });
      res
        .status(received > limit ? 413 : 400)
        .json({ error: received > limit ? `exactly ${limit} bytes` : 'upload failed' });
      return;
    }
    try {
      // link() never replaces an existing name: of two writes to one key, one wins.
      await link(partial, target);
      res.status(200).json({ ok: true });
    } catch (error) {
      if (errorCode(error) === 'EEXIST') used();
      else res.status(500).json({ error: 'upload failed' });
    } finally {
      await rm(partial, { force: true });
    }
  }

  private async send(req: Request, res: Response): Promise<void> {
    const key = `${req.params.prefix}/${req.params.owner}/${req.params.id}`;
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
    // The type checked from the bytes (signed into the URL), never guessed by the browser, and
    // nothing in the file can run as a page of this origin.
    res.setHeader('content-type', ct);
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('content-disposition', contentDisposition(key, ct));
    res.setHeader('content-security-policy', "default-src 'none'; sandbox");
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
