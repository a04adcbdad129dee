import { describe, expect, it } from '@jest/globals';
import { InvalidFieldsError, type Logger, type Role, type Viewer } from '@shutter/runtime';
import { domainError, recordingTx } from '@shutter/testing/unit';
import DataLoader from 'dataloader';
import type {
  CaptionFields,
  Media,
  NewMedia,
  PostFilter,
  PostRepository,
  PostRow,
  Tx,
  Upload,
} from '../repositories/post.repository.js';
import type { PostHit, SearchIndex } from '../search/search.js';
import type { MediaStorage, StoredObject, UploadTarget } from '../storage/storage.js';
import { DEFAULT_MEDIA_LIMITS, type MediaLimits } from './media.js';
import { PostService } from './post.service.js';

const ADA = '00000000-0000-4000-8000-00000000000a';
const BOB = '00000000-0000-4000-8000-00000000000b';
const MOD = '00000000-0000-4000-8000-00000000000c';
const MINUTE = 60_000;

let sequence = 0;
const nextId = () => `00000000-0000-4000-9000-${String((sequence += 1)).padStart(12, '0')}`;

/** A PNG of the given size without pixel data (IHDR, IEND): all the checks read, as nothing decodes pixels. */
function pngHead(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    Buffer.from([0, 0, 0, 13]),
    Buffer.from('IHDR'),
    ihdr,
    Buffer.alloc(4),
    Buffer.from([0, 0, 0, 0]),
    Buffer.from('IEND'),
    Buffer.alloc(4),
  ]);
}

/** Posts, uploads and accounts in memory: the repository's contract, without PostgreSQL. */
class FakePosts {
  /** Accounts' roles as this subgraph copied them from the users' events. */
  readonly roles = new Map<string, Role>();
  readonly tx = Object.assign(recordingTx(), {
    account: {
      findUnique: async ({ where }: { where: { userId: string } }) =>
        this.roles.has(where.userId) ? { role: this.roles.get(where.userId)! } : null,
    },
  });
  readonly posts = new Map<string, PostRow & { storageKeys: string[] }>();
  readonly uploads = new Map<string, Upload>();
  readonly accounts = new Map<string, string>();
  readonly media: NewMedia[][] = [];
  readonly pageCalls: PostFilter[] = [];

  transaction = <R>(work: (tx: Tx) => Promise<R>) => work(this.tx as unknown as Tx);
  findUploads = async (ids: string[]) => ids.flatMap((id) => (this.uploads.has(id) ? [this.uploads.get(id)!] : []));
  createUploads = async (rows: Omit<Upload, 'usedAt' | 'createdAt'>[]) => {
    for (const data of rows) this.uploads.set(data.id, { ...data, usedAt: null, createdAt: new Date() });
  };
  findAccountIdsByUsername = async (names: string[]) =>
    names.filter((n) => this.accounts.has(n)).map((username) => ({ username, userId: this.accounts.get(username)! }));
  claimUploads = async (_: Tx, ids: string[], now: Date) => {
    if (ids.some((id) => this.uploads.get(id)?.usedAt)) return false;
    for (const id of ids) this.uploads.get(id)!.usedAt = now;
    return true;
  };
  createPost = async (_: Tx, data: CaptionFields & { authorId: string }, media: NewMedia[]) => {
    const row = this.add(data.authorId, data);
    this.posts.get(row.id)!.storageKeys = media.map((m) => m.storageKey);
    this.media.push(media);
    return row;
  };
  findForDelete = async (_: Tx, id: string) => {
    const post = this.posts.get(id);
    return post ? { id, authorId: post.author_id, storageKeys: post.storageKeys } : null;
  };
  updateCaption = async (_: Tx, id: string, data: CaptionFields) => {
    const post = { ...this.posts.get(id)!, updated_at: new Date() };
    Object.assign(post, { caption: data.caption, hashtags: data.hashtags, mention_ids: data.mentionIds });
    this.posts.set(id, post);
    return { ...post };
  };
  deletePost = async (_: Tx, id: string) => void this.posts.delete(id);
  page = async (_viewer: Viewer, filter: PostFilter) => {
    this.pageCalls.push(filter);
    return [...this.posts.values()];
  };

  add(authorId: string, fields: Partial<CaptionFields> = {}): PostRow {
    const now = new Date();
    const row = {
      id: nextId(),
      author_id: authorId,
      caption: fields.caption ?? null,
      hashtags: fields.hashtags ?? [],
      mention_ids: fields.mentionIds ?? [],
      created_at: now,
      updated_at: now,
      storageKeys: [] as string[],
    };
    this.posts.set(row.id, row);
    return row;
  }
}

/** Bytes by key, as a client would have uploaded them. */
class FakeStorage implements MediaStorage {
  readonly kind = 'local' as const;
  readonly objects = new Map<string, StoredObject & { bytes: Buffer }>();
  readonly deleted: string[] = [];
  readonly retired: string[] = [];
  readonly copies: { from: string; to: string; version: string }[] = [];
  failDeletes = false;
  private versions = 0;

  createUploadTarget = async (key: string, contentType: string, _max: number, expiresAt: Date) =>
    ({
      url: `https://media.test/${key}?ct=${contentType}`,
      method: 'PUT',
      fields: [],
      headers: [{ name: 'Content-Type', value: contentType }],
      expiresAt,
    }) as UploadTarget;
  stat = async (key: string) => this.objects.get(key) ?? null;
  readStart = async (key: string, bytes: number) => this.objects.get(key)!.bytes.subarray(0, bytes);
  /** Like the real ones: only the version asked for. */
  copy = async (from: string, to: string, version: string) => {
    this.copies.push({ from, to, version });
    const source = this.objects.get(from);
    if (source?.version !== version) return false;
    this.objects.set(to, { ...source, version: `v${(this.versions += 1)}` });
    return true;
  };
  retireUpload = async (key: string) => void this.retired.push(key);
  readUrl = async (key: string) => `https://media.test/${key}`;
  delete = async (keys: string[]) => {
    if (this.failDeletes) throw new Error('storage is down');
    this.deleted.push(...keys);
    for (const key of keys) this.objects.delete(key);
  };

  put(key: string, bytes: Buffer, lastModified = new Date()): void {
    this.objects.set(key, { bytes, size: bytes.length, lastModified, version: `v${(this.versions += 1)}` });
  }

  /** The media keys (`m/…`) that hold bytes. */
  mediaKeys(): string[] {
    return [...this.objects.keys()].filter((key) => key.startsWith('m/'));
  }
}

function setup(
  viewer: Partial<Viewer>,
  options: { hidden?: string[]; search?: Partial<SearchIndex>; limits?: MediaLimits } = {},
) {
  const full: Viewer = { userId: null, role: null, requestId: 'spec', ...viewer };
  const repo = new FakePosts();
  // Unless a spec says otherwise, the account's role is the one its token claims.
  if (full.userId && full.role) repo.roles.set(full.userId, full.role);
  const storage = new FakeStorage();
  const hidden = new Set(options.hidden);
  const loaded: string[][] = [];
  const warnings: unknown[] = [];
  const loaders = {
    // What the visibility SQL would answer: the posts that exist and are not hidden from this viewer.
    visible: new DataLoader<string, PostRow | null>(async (ids) => {
      loaded.push([...ids]);
      return ids.map((id) => (hidden.has(id) ? null : (repo.posts.get(id) ?? null)));
    }),
    media: new DataLoader<string, Media[]>(async (ids) => ids.map(() => [])),
    counts: new DataLoader<string, number>(async (ids) => ids.map(() => 0)),
  };
  const search: SearchIndex = {
    kind: 'postgres',
    users: async () => [],
    posts: async () => [],
    ...options.search,
  };
  const logger = { warn: (...args: unknown[]) => void warnings.push(args) } as unknown as Logger;
  const service = new PostService(
    repo as unknown as PostRepository,
    storage,
    search,
    loaders,
    full,
    logger,
    options.limits ?? DEFAULT_MEDIA_LIMITS,
  );
  return { service, repo, storage, hidden, loaded, warnings };
}

type Setup = ReturnType<typeof setup>;

/** An upload of the viewer (or `owner`) whose bytes arrived: what requestUpload plus the client's PUT leave. */
function uploaded(
  { repo, storage }: Setup,
  owner: string,
  options: {
    bytes?: Buffer | null;
    contentType?: string;
    byteSize?: number;
    expiresIn?: number;
    arrivedAt?: Date;
  } = {},
): string {
  const id = nextId();
  const storageKey = `u/${owner}/${id}`;
  const bytes = options.bytes === undefined ? pngHead(40, 30) : options.bytes;
  repo.uploads.set(id, {
    id,
    ownerId: owner,
    storageKey,
    contentType: options.contentType ?? 'image/png',
    byteSize: options.byteSize ?? bytes?.length ?? 100,
    expiresAt: new Date(Date.now() + (options.expiresIn ?? 10 * MINUTE)),
    usedAt: null,
    createdAt: new Date(),
  });
  if (bytes) storage.put(storageKey, bytes, options.arrivedAt);
  return id;
}

describe(PostService.name, () => {
  describe('requestUpload', () => {
    it('refuses an anonymous request with SIGN_IN_REQUIRED and stores nothing', async () => {
      const ctx = setup({});
      expect((await domainError(ctx.service.requestUpload({ contentType: 'image/png', byteSize: 10 }))).code).toBe(
        'SIGN_IN_REQUIRED',
      );
      expect(ctx.repo.uploads.size).toBe(0);
    });

    it('refuses a type that is not an allowed image or video, naming input.contentType', async () => {
      const { service } = setup({ userId: ADA, role: 'USER' });
      const error = await domainError(service.requestUpload({ contentType: 'application/pdf', byteSize: 10 }));
      expect(error).toMatchObject({ code: 'INVALID_INPUT', field: 'input.contentType' });
      expect(error.message).toMatch(/^input\.contentType: must be one of image\/jpeg/);
    });

    it('holds images to 10 MiB and videos to 100 MiB', async () => {
      const { service, repo } = setup({ userId: ADA, role: 'USER' });
      expect(
        await domainError(service.requestUpload({ contentType: 'image/png', byteSize: 10 * 1024 * 1024 + 1 })),
      ).toEqual({
        code: 'INVALID_INPUT',
        field: 'input.byteSize',
        message: `input.byteSize: must be at most ${10 * 1024 * 1024} bytes for image/png`,
      });
      await service.requestUpload({ contentType: 'video/mp4', byteSize: 10 * 1024 * 1024 + 1 });
      expect(repo.uploads.size).toBe(1);
    });

    it('refuses a size below one byte', async () => {
      const { service } = setup({ userId: ADA, role: 'USER' });
      expect(await domainError(service.requestUpload({ contentType: 'image/png', byteSize: 0 }))).toMatchObject({
        code: 'INVALID_INPUT',
        field: 'input.byteSize',
      });
    });

    it('records an upload under a server-made key of the viewer, expiring in 15 minutes', async () => {
      const { service, repo } = setup({ userId: ADA, role: 'USER' });
      const before = Date.now();
      const target = await service.requestUpload({ contentType: 'image/webp', byteSize: 1234 });
      const upload = repo.uploads.get(target.uploadId)!;
      expect(upload).toMatchObject({
        ownerId: ADA,
        storageKey: `u/${ADA}/${target.uploadId}`,
        contentType: 'image/webp',
        byteSize: 1234,
      });
      expect(target.url).toContain(upload.storageKey);
      expect(upload.expiresAt.getTime() - before).toBeGreaterThanOrEqual(15 * MINUTE - 1000);
      expect(upload.expiresAt.getTime() - before).toBeLessThanOrEqual(15 * MINUTE + 1000);
    });
  });

  describe('requestUploads', () => {
    const file = (contentType: string, byteSize: number) => ({ contentType, byteSize });

    it('reserves one upload per file, in order, each with its own PUT target', async () => {
      const { service, repo } = setup({ userId: ADA, role: 'USER' });
      const targets = await service.requestUploads({
        files: [file('image/png', 10), file('image/jpeg', 20), file('video/mp4', 30)],
      });
      expect(targets.map((t) => repo.uploads.get(t.uploadId)!.contentType)).toEqual([
        'image/png',
        'image/jpeg',
        'video/mp4',
      ]);
      expect(targets.map((t) => [t.method, t.headers])).toEqual([
        ['PUT', [{ name: 'Content-Type', value: 'image/png' }]],
        ['PUT', [{ name: 'Content-Type', value: 'image/jpeg' }]],
        ['PUT', [{ name: 'Content-Type', value: 'video/mp4' }]],
      ]);
      expect(new Set(targets.map((t) => t.uploadId)).size).toBe(3);
    });

    it('answers every invalid field at once, by index, and then reserves nothing', async () => {
      const { service, repo } = setup({ userId: ADA, role: 'USER' });
      const error = await service
        .requestUploads({
          files: [file('image/png', 10), file('application/pdf', 0), file('image/gif', 10 * 1024 * 1024 + 1)],
        })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidFieldsError);
      expect((error as InvalidFieldsError).problems).toEqual([
        {
          field: 'input.files[1].contentType',
          message: expect.stringMatching(/^input\.files\[1\]\.contentType: must be one of/),
        },
        { field: 'input.files[1].byteSize', message: 'input.files[1].byteSize: must be at least 1' },
        {
          field: 'input.files[2].byteSize',
          message: `input.files[2].byteSize: must be at most ${10 * 1024 * 1024} bytes for image/gif`,
        },
      ]);
      expect(repo.uploads.size).toBe(0);
    });

    it.each([
      ['no files', [], /at least one file/],
      ['11 files', Array.from({ length: 11 }, () => file('image/png', 1)), /at most 10 files/],
    ])('refuses %s on input.files', async (_name, files, message) => {
      const { service, repo } = setup({ userId: ADA, role: 'USER' });
      const error = await domainError(service.requestUploads({ files }));
      expect(error).toMatchObject({ code: 'INVALID_INPUT', field: 'input.files' });
      expect(error.message).toMatch(message);
      expect(repo.uploads.size).toBe(0);
    });

    it('refuses an anonymous request with SIGN_IN_REQUIRED', async () => {
      const ctx = setup({});
      expect((await domainError(ctx.service.requestUploads({ files: [file('image/png', 1)] }))).code).toBe(
        'SIGN_IN_REQUIRED',
      );
    });
  });

  describe('create', () => {
    it('refuses an anonymous post with SIGN_IN_REQUIRED', async () => {
      const ctx = setup({});
      expect((await domainError(ctx.service.create({ uploadIds: [nextId()] }))).code).toBe('SIGN_IN_REQUIRED');
    });

    it.each([
      ['no uploads', { uploadIds: [] }, 'input.uploadIds', /at least one upload/],
      ['11 uploads', { uploadIds: Array.from({ length: 11 }, nextId) }, 'input.uploadIds', /at most 10 uploads/],
      ['a malformed upload id', { uploadIds: ['nope'] }, 'input.uploadIds[0]', /must be upload ids/],
      ['a repeated upload', { uploadIds: [ADA, ADA] }, 'input.uploadIds', /must not repeat an upload/],
      ['a caption over 2200 characters', { caption: 'c'.repeat(2201), uploadIds: [ADA] }, 'input.caption', /2200/],
    ])('refuses %s as INVALID_INPUT on its field', async (_name, input, field, message) => {
      const { service, repo } = setup({ userId: ADA, role: 'USER' });
      const error = await domainError(service.create(input));
      expect(error).toMatchObject({ code: 'INVALID_INPUT', field });
      expect(error.message).toMatch(message);
      expect(repo.posts.size).toBe(0);
    });

    it('makes a post of the viewer’s finished uploads, in order, with hashtags, mentions and the real media type', async () => {
      const ctx = setup({ userId: ADA, role: 'USER' });
      ctx.repo.accounts.set('bob', BOB);
      const first = uploaded(ctx, ADA, { bytes: pngHead(40, 30) });
      const second = uploaded(ctx, ADA, { bytes: pngHead(8, 16), contentType: 'image/jpeg' });
      const post = await ctx.service.create({
        caption: '  Sunset with @bob and @nobody #Sunset #beach #sunset  ',
        uploadIds: [first, second],
      });
      expect(post).toMatchObject({
        author_id: ADA,
        caption: 'Sunset with @bob and @nobody #Sunset #beach #sunset',
        hashtags: ['sunset', 'beach'],
        mention_ids: [BOB],
      });
      expect(ctx.repo.media[0]).toEqual([
        expect.objectContaining({ position: 0, contentType: 'image/png', width: 40, height: 30 }),
        // Declared as JPEG, recognised from the bytes as PNG (both images).
        expect.objectContaining({ position: 1, contentType: 'image/png', width: 8, height: 16 }),
      ]);
      expect([ctx.repo.uploads.get(first)!.usedAt, ctx.repo.uploads.get(second)!.usedAt]).toEqual([
        expect.any(Date),
        expect.any(Date),
      ]);
      expect(ctx.repo.tx.events).toEqual([
        {
          type: 'PostCreated',
          aggregateId: post.id,
          payload: {
            postId: post.id,
            authorId: ADA,
            caption: post.caption,
            hashtags: ['sunset', 'beach'],
            mentionIds: [BOB],
            mediaCount: 2,
            createdAt: post.created_at.toISOString(),
          },
        },
      ]);
    });

    it('stores an empty or blank caption as none', async () => {
      const ctx = setup({ userId: ADA, role: 'USER' });
      const post = await ctx.service.create({ caption: '   ', uploadIds: [uploaded(ctx, ADA)] });
      expect([post.caption, post.hashtags, post.mention_ids]).toEqual([null, [], []]);
    });

    it.each<[string, (ctx: Setup) => string, string, RegExp]>([
      ['an unknown upload', () => nextId(), 'UPLOAD_NOT_FOUND', /^input\.uploadIds: no upload /],
      // Someone else's upload reads exactly like a missing one.
      ['another user’s upload', (ctx) => uploaded(ctx, BOB), 'UPLOAD_NOT_FOUND', /^input\.uploadIds: no upload /],
      [
        'an upload already in a post',
        (ctx) => {
          const id = uploaded(ctx, ADA);
          ctx.repo.uploads.get(id)!.usedAt = new Date();
          return id;
        },
        'UPLOAD_ALREADY_USED',
        /is already in a post/,
      ],
      ['an upload with no bytes yet', (ctx) => uploaded(ctx, ADA, { bytes: null }), 'UPLOAD_EMPTY', /has no bytes yet/],
      [
        'an upload that expired with no bytes',
        (ctx) => uploaded(ctx, ADA, { bytes: null, expiresIn: -MINUTE }),
        'UPLOAD_EXPIRED',
        /expired before any bytes arrived/,
      ],
      [
        'bytes that arrived after the target expired',
        (ctx) => uploaded(ctx, ADA, { expiresIn: -2 * MINUTE, arrivedAt: new Date(Date.now() - MINUTE) }),
        'UPLOAD_EXPIRED',
        /arrived after its target expired/,
      ],
      [
        'more bytes than were requested',
        (ctx) => uploaded(ctx, ADA, { byteSize: 10 }),
        'UPLOAD_TOO_LARGE',
        /is larger than the 10 bytes requested/,
      ],
      [
        'a text file declared as an image',
        (ctx) => uploaded(ctx, ADA, { bytes: Buffer.from('just some text, not an image at all') }),
        'UNSUPPORTED_MEDIA',
        /is not a supported image/,
      ],
      [
        'an image declared as a video',
        (ctx) => uploaded(ctx, ADA, { contentType: 'video/mp4' }),
        'UNSUPPORTED_MEDIA',
        /is not a supported video/,
      ],
    ])('refuses %s on input.uploadIds, storing nothing', async (_name, make, code, message) => {
      const ctx = setup({ userId: ADA, role: 'USER' });
      const good = uploaded(ctx, ADA);
      const error = await domainError(ctx.service.create({ caption: 'x', uploadIds: [good, make(ctx)] }));
      expect(error).toMatchObject({ code, field: 'input.uploadIds' });
      expect(error.message).toMatch(message);
      expect([ctx.repo.posts.size, ctx.repo.tx.events, ctx.repo.uploads.get(good)!.usedAt]).toEqual([0, [], null]);
      // Nor copies of the good upload, and its key stays open for the retry.
      expect([ctx.storage.mediaKeys(), ctx.storage.retired]).toEqual([[], []]);
    });

    it('posts copies under media keys of the author, pinned to the checked version, and retires the upload keys after', async () => {
      const ctx = setup({ userId: ADA, role: 'USER' });
      const ids = [uploaded(ctx, ADA), uploaded(ctx, ADA)];
      const uploadKeys = ids.map((id) => ctx.repo.uploads.get(id)!.storageKey);
      const versions = uploadKeys.map((key) => ctx.storage.objects.get(key)!.version);
      await ctx.service.create({ uploadIds: ids });
      const keys = ctx.repo.media[0]!.map((m) => m.storageKey);
      expect(keys).toEqual([expect.stringMatching(new RegExp(`^m/${ADA}/`)), expect.stringMatching(/^m\//)]);
      expect(ctx.storage.copies).toEqual([
        { from: uploadKeys[0], to: keys[0], version: versions[0] },
        { from: uploadKeys[1], to: keys[1], version: versions[1] },
      ]);
      expect(ctx.storage.retired).toEqual(uploadKeys);
    });

    it('refuses an upload sent again between its check and its copy, copying nothing', async () => {
      const ctx = setup({ userId: ADA, role: 'USER' });
      const id = uploaded(ctx, ADA);
      const key = ctx.repo.uploads.get(id)!.storageKey;
      const copy = ctx.storage.copy;
      ctx.storage.copy = async (from, to, version) => {
        ctx.storage.put(key, Buffer.from('<html><script>alert(1)</script></html>'));
        return copy(from, to, version);
      };
      expect(await domainError(ctx.service.create({ uploadIds: [id] }))).toEqual({
        code: 'UPLOAD_EMPTY',
        field: 'input.uploadIds',
        message: `input.uploadIds: upload ${id} changed while it was checked; send it once`,
      });
      expect([ctx.repo.posts.size, ctx.storage.mediaKeys(), ctx.storage.retired]).toEqual([0, [], []]);
    });

    it('checks the bytes of the copy, not of the upload key', async () => {
      const ctx = setup({ userId: ADA, role: 'USER' });
      const id = uploaded(ctx, ADA, { bytes: pngHead(40, 30) });
      const key = ctx.repo.uploads.get(id)!.storageKey;
      const copy = ctx.storage.copy;
      ctx.storage.copy = async (from, to, version) => {
        const copied = await copy(from, to, version);
        ctx.storage.put(key, Buffer.from('<html><script>alert(1)</script></html>'));
        return copied;
      };
      await ctx.service.create({ uploadIds: [id] });
      const media = ctx.repo.media[0]![0]!;
      expect(media).toMatchObject({ contentType: 'image/png', width: 40, height: 30 });
      expect(ctx.storage.objects.get(media.storageKey)!.bytes.equals(pngHead(40, 30))).toBe(true);
    });

    it.each([
      ['wider than the side limit', pngHead(101, 1), /is 101×1 pixels: at most 100 per side and 5000 in all/],
      ['taller than the side limit', pngHead(1, 101), /is 1×101 pixels/],
      ['over the pixel limit within the side limit', pngHead(80, 80), /is 80×80 pixels/],
      ['claiming 2^32−1 pixels a side', pngHead(2 ** 32 - 1, 2 ** 32 - 1), /is 4294967295×4294967295 pixels/],
      ['with bytes after IEND', Buffer.concat([pngHead(4, 4), Buffer.from('<html>')]), /has bytes after the end/],
      ['without IEND', pngHead(4, 4).subarray(0, -12), /is not a complete image/],
    ])('refuses an image %s as UNSUPPORTED_MEDIA, storing nothing', async (_name, bytes, message) => {
      const ctx = setup({ userId: ADA, role: 'USER' }, { limits: { maxImageSide: 100, maxImagePixels: 5000 } });
      const error = await domainError(ctx.service.create({ uploadIds: [uploaded(ctx, ADA, { bytes })] }));
      expect(error).toMatchObject({ code: 'UNSUPPORTED_MEDIA', field: 'input.uploadIds' });
      expect(error.message).toMatch(message);
      expect([ctx.repo.posts.size, ctx.storage.mediaKeys()]).toEqual([0, []]);
    });

    it('accepts an image exactly at the configured limits', async () => {
      const ctx = setup({ userId: ADA, role: 'USER' }, { limits: { maxImageSide: 100, maxImagePixels: 5000 } });
      await ctx.service.create({ uploadIds: [uploaded(ctx, ADA, { bytes: pngHead(100, 50) })] });
      expect(ctx.repo.media[0]).toEqual([expect.objectContaining({ width: 100, height: 50 })]);
    });

    it('keeps the post when an upload key cannot be retired, and says so in the log', async () => {
      const ctx = setup({ userId: ADA, role: 'USER' });
      ctx.storage.retireUpload = async () => {
        throw new Error('storage is down');
      };
      await ctx.service.create({ uploadIds: [uploaded(ctx, ADA)] });
      expect([ctx.repo.posts.size, ctx.warnings.length]).toEqual([1, 1]);
    });

    it('tolerates a few seconds of clock skew between the storage and the server', async () => {
      const ctx = setup({ userId: ADA, role: 'USER' });
      const id = uploaded(ctx, ADA, { expiresIn: -MINUTE, arrivedAt: new Date(Date.now() - MINUTE + 2_000) });
      await expect(ctx.service.create({ uploadIds: [id] })).resolves.toMatchObject({ author_id: ADA });
    });

    it('refuses uploads another post claimed meanwhile, without a post or an event', async () => {
      const ctx = setup({ userId: ADA, role: 'USER' });
      const id = uploaded(ctx, ADA);
      ctx.repo.claimUploads = async () => false;
      expect(await domainError(ctx.service.create({ uploadIds: [id] }))).toEqual({
        code: 'UPLOAD_ALREADY_USED',
        field: 'input.uploadIds',
        message: 'input.uploadIds: an upload is already in another post',
      });
      expect([ctx.repo.posts.size, ctx.repo.tx.events]).toEqual([0, []]);
      // The copies made for the lost race are removed; the upload keys belong to the winner.
      expect([ctx.storage.mediaKeys(), ctx.storage.retired]).toEqual([[], []]);
    });
  });

  describe('updateCaption', () => {
    it('refuses an anonymous edit with SIGN_IN_REQUIRED', async () => {
      const ctx = setup({});
      const post = ctx.repo.add(ADA);
      expect((await domainError(ctx.service.updateCaption(post.id, 'x'))).code).toBe('SIGN_IN_REQUIRED');
    });

    it('lets only the author edit, not even staff', async () => {
      for (const viewer of [
        { userId: BOB, role: 'USER' as const },
        { userId: MOD, role: 'MODERATOR' as const },
      ]) {
        const ctx = setup(viewer);
        const post = ctx.repo.add(ADA, { caption: 'before' });
        expect(await domainError(ctx.service.updateCaption(post.id, 'after'))).toEqual({
          code: 'NOT_AUTHOR',
          message: 'Only the author can edit a post.',
        });
        expect([ctx.repo.posts.get(post.id)!.caption, ctx.repo.tx.events]).toEqual(['before', []]);
      }
    });

    it('answers POST_NOT_FOUND for a missing, hidden or malformed post', async () => {
      const ctx = setup({ userId: ADA, role: 'USER' });
      const hidden = ctx.repo.add(ADA);
      ctx.hidden.add(hidden.id);
      for (const id of [nextId(), hidden.id, 'not-an-id']) {
        expect(await domainError(ctx.service.updateCaption(id, 'x'))).toEqual({
          code: 'POST_NOT_FOUND',
          message: 'No post with this id.',
        });
      }
    });

    it('refuses a caption over 2200 characters on the caption argument', async () => {
      const ctx = setup({ userId: ADA, role: 'USER' });
      const post = ctx.repo.add(ADA);
      expect(await domainError(ctx.service.updateCaption(post.id, 'c'.repeat(2201)))).toMatchObject({
        code: 'INVALID_INPUT',
        field: 'caption',
      });
    });

    it('re-reads hashtags and mentions from the new caption and announces the change', async () => {
      const ctx = setup({ userId: ADA, role: 'USER' });
      ctx.repo.accounts.set('bob', BOB);
      const post = ctx.repo.add(ADA, { caption: '#old', hashtags: ['old'] });
      const updated = await ctx.service.updateCaption(post.id.toUpperCase(), 'Now #Dawn with @bob');
      expect(updated).toMatchObject({
        id: post.id,
        caption: 'Now #Dawn with @bob',
        hashtags: ['dawn'],
        mention_ids: [BOB],
      });
      expect(ctx.repo.tx.events).toEqual([
        {
          type: 'PostUpdated',
          aggregateId: post.id,
          payload: {
            postId: post.id,
            authorId: ADA,
            caption: 'Now #Dawn with @bob',
            hashtags: ['dawn'],
            mentionIds: [BOB],
            updatedAt: updated.updated_at.toISOString(),
          },
        },
      ]);
      // Later reads in the same request see the new caption.
      expect((await ctx.service.get(post.id))!.caption).toBe('Now #Dawn with @bob');
    });

    it('removes the caption when given null', async () => {
      const ctx = setup({ userId: ADA, role: 'USER' });
      const post = ctx.repo.add(ADA, { caption: '#old', hashtags: ['old'] });
      expect(await ctx.service.updateCaption(post.id, null)).toMatchObject({ caption: null, hashtags: [] });
    });
  });

  describe('delete', () => {
    it('refuses an anonymous delete with SIGN_IN_REQUIRED', async () => {
      const ctx = setup({});
      expect((await domainError(ctx.service.delete(ctx.repo.add(ADA).id))).code).toBe('SIGN_IN_REQUIRED');
    });

    it('refuses anyone but the author and staff', async () => {
      const ctx = setup({ userId: BOB, role: 'USER' });
      const post = ctx.repo.add(ADA);
      expect(await domainError(ctx.service.delete(post.id))).toEqual({
        code: 'NOT_AUTHOR',
        message: 'Only the author or a moderator can delete a post.',
      });
      expect([ctx.repo.posts.has(post.id), ctx.storage.deleted]).toEqual([true, []]);
    });

    it('refuses staff whose token outlived their role: the account’s current role decides', async () => {
      const ctx = setup({ userId: MOD, role: 'MODERATOR' });
      ctx.repo.roles.set(MOD, 'USER');
      const post = ctx.repo.add(ADA);
      expect((await domainError(ctx.service.delete(post.id))).code).toBe('NOT_AUTHOR');
      expect([ctx.repo.posts.has(post.id), ctx.repo.tx.events]).toEqual([true, []]);
    });

    it('answers POST_NOT_FOUND for a post the viewer cannot see', async () => {
      const ctx = setup({ userId: ADA, role: 'USER' });
      const post = ctx.repo.add(ADA);
      ctx.hidden.add(post.id);
      expect((await domainError(ctx.service.delete(post.id))).code).toBe('POST_NOT_FOUND');
      expect(ctx.repo.posts.has(post.id)).toBe(true);
    });

    it.each([
      ['its author', { userId: ADA, role: 'USER' as const }, ADA],
      ['a moderator', { userId: MOD, role: 'MODERATOR' as const }, MOD],
      ['an admin', { userId: MOD, role: 'ADMIN' as const }, MOD],
    ])('lets %s delete a post with its media, announcing who did', async (_name, viewer, deletedBy) => {
      const ctx = setup(viewer);
      const post = ctx.repo.add(ADA);
      ctx.repo.posts.get(post.id)!.storageKeys = [`u/${ADA}/${nextId()}`, `u/${ADA}/${nextId()}`];
      const keys = [...ctx.repo.posts.get(post.id)!.storageKeys];
      expect(await ctx.service.delete(post.id)).toBe(post.id);
      expect([ctx.repo.posts.has(post.id), ctx.storage.deleted]).toEqual([false, keys]);
      expect(ctx.repo.tx.events).toEqual([
        { type: 'PostDeleted', aggregateId: post.id, payload: { postId: post.id, authorId: ADA, deletedBy } },
      ]);
      expect(await ctx.service.get(post.id)).toBeNull();
    });

    it('keeps the deletion when the media objects cannot be removed, and says so in the log', async () => {
      const ctx = setup({ userId: ADA, role: 'USER' });
      const post = ctx.repo.add(ADA);
      ctx.storage.failDeletes = true;
      expect(await ctx.service.delete(post.id)).toBe(post.id);
      expect([ctx.repo.posts.has(post.id), ctx.warnings.length]).toEqual([false, 1]);
    });

    it('announces nothing when the post went away between the check and the transaction', async () => {
      const ctx = setup({ userId: ADA, role: 'USER' });
      const post = ctx.repo.add(ADA);
      await ctx.service.get(post.id);
      ctx.repo.posts.delete(post.id);
      expect(await ctx.service.delete(post.id)).toBe(post.id);
      expect([ctx.repo.tx.events, ctx.storage.deleted]).toEqual([[], []]);
    });
  });

  describe('reads', () => {
    it('answers a malformed post id with null, without a query', async () => {
      const ctx = setup({ userId: ADA, role: 'USER' });
      expect(await ctx.service.get('not-an-id')).toBeNull();
      expect(ctx.loaded).toEqual([]);
    });

    it('answers null for a post hidden from the viewer', async () => {
      const ctx = setup({ userId: BOB, role: 'USER' });
      const post = ctx.repo.add(ADA);
      ctx.hidden.add(post.id);
      expect(await ctx.service.get(post.id)).toBeNull();
    });

    it('lists nothing, without a query, for a malformed author id', async () => {
      const ctx = setup({});
      ctx.repo.add(ADA);
      expect((await ctx.service.page({ authorId: 'nope' }, {})).edges).toEqual([]);
      expect(ctx.repo.pageCalls).toEqual([]);
    });

    it('normalises a hashtag and refuses one that is not a word', async () => {
      const ctx = setup({});
      await ctx.service.hashtag('  #Sunset ', {});
      expect(ctx.repo.pageCalls).toEqual([{ hashtag: 'sunset' }]);
      expect(await domainError(ctx.service.hashtag('two words', {}))).toEqual({
        code: 'INVALID_INPUT',
        field: 'tag',
        message: 'tag: must be a hashtag such as "sunset"',
      });
    });

    it('refuses paging arguments out of range', async () => {
      const ctx = setup({});
      expect(await domainError(ctx.service.page({}, { first: 101 }))).toMatchObject({
        code: 'INVALID_INPUT',
        field: 'first',
      });
      expect(await domainError(ctx.service.page({}, { after: 'garbage' }))).toMatchObject({
        code: 'INVALID_INPUT',
        field: 'after',
      });
    });

    it('refuses an empty or overlong search query', async () => {
      const ctx = setup({});
      for (const q of ['   ', 'q'.repeat(101)]) {
        expect(await domainError(ctx.service.find(q, {}))).toEqual({
          code: 'INVALID_INPUT',
          field: 'query',
          message: 'query: must be 1 to 100 characters',
        });
      }
    });

    it('shows only the search hits the viewer may see, whatever the index proposes', async () => {
      const hits: PostHit[] = [];
      const queries: string[] = [];
      const ctx = setup(
        { userId: BOB, role: 'USER' },
        {
          search: {
            users: async () => [ADA],
            posts: async (query) => {
              queries.push(query);
              return hits;
            },
          },
        },
      );
      const [shown, hidden] = [ctx.repo.add(ADA), ctx.repo.add(ADA)];
      ctx.hidden.add(hidden.id);
      hits.push(...[hidden, shown].map((p) => ({ id: p.id, createdAt: p.created_at })));
      const found = await ctx.service.find('  sunset ', {});
      expect(queries).toEqual(['sunset']);
      expect(found.users).toEqual([{ __typename: 'User', id: ADA }]);
      expect(found.posts.edges.map((e) => e.node.id)).toEqual([shown.id]);
    });

    it('searches users on the first page only', async () => {
      const queries: string[] = [];
      const ctx = setup(
        {},
        {
          search: {
            users: async (q) => {
              queries.push(q);
              return [ADA];
            },
          },
        },
      );
      const next = Buffer.from(JSON.stringify([new Date().toISOString(), ADA])).toString('base64url');
      expect((await ctx.service.find('sunset', { after: next })).users).toEqual([]);
      expect(queries).toEqual([]);
    });
  });
});
