import { randomUUID } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { codes, s3TestEnv } from '@shutter/testing';
import { S3Storage } from '../../subgraphs/posts/src/storage/s3-storage.js';
import { mediaKey, uploadKey } from '../../subgraphs/posts/src/storage/storage.js';
import { png } from '../support/media.js';
import { sendUpload as send, upload as uploadTo, type UploadTarget as Target } from '../support/posts.js';
import { registerUser, startTestSupergraph, type Session, type TestSupergraph } from '../support/supergraph.js';

// Issue 9, item 2 and the image parts of item 5: media that cannot be swapped after the post exists,
// served with the checked type and safe headers; image headers with absurd sizes and bytes after the
// image's end refused as bad input. Through the gateway, on local disk and on a real S3 API (S3Proxy).

const CREATE = /* GraphQL */ `
  mutation ($input: CreatePostInput!) {
    createPost(input: $input) {
      id
      media {
        url
        contentType
        width
        height
      }
    }
  }
`;
const READ = /* GraphQL */ `
  query ($id: ID!) {
    post(id: $id) {
      media {
        url
      }
    }
  }
`;

interface Created {
  createPost: {
    id: string;
    media: { url: string; contentType: string; width: number | null; height: number | null }[];
  };
}

const HTML = Buffer.from('<html><body><script>document.title = "swapped"</script></body></html>');
/** The page, padded with spaces or cut to `size` bytes: upload targets take exactly the declared size. */
const htmlOfSize = (size: number) =>
  Buffer.concat([HTML, Buffer.alloc(Math.max(0, size - HTML.length), 0x20)]).subarray(0, size);

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A well-formed PNG whose header claims `width`×`height` (the pixel data is a token row: nothing decodes it). */
function pngClaiming(width: number, height: number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.alloc(64))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** The start of an MP4 file: an `ftyp` box, which is what file-type recognises a video by. */
const mp4 = Buffer.concat([
  Buffer.from([0, 0, 0, 0x18]),
  Buffer.from('ftypisom', 'latin1'),
  Buffer.from([0, 0, 2, 0]),
  Buffer.from('isommp41', 'latin1'),
  Buffer.from([0, 0, 0, 8]),
  Buffer.from('free', 'latin1'),
]);

describe.each(['local', 's3'] as const)('with %s media storage', (storage) => {
  let graph: TestSupergraph;
  beforeAll(async () => {
    graph = await startTestSupergraph(storage === 's3' ? s3TestEnv('hard') : {});
  });
  afterAll(async () => {
    await graph?.close();
  });

  async function upload(who: Session, bytes: Buffer, contentType = 'image/png'): Promise<Target> {
    const { target, status } = await uploadTo(graph, who, bytes, { contentType });
    expect(status).toBe(200);
    return target;
  }

  const createPost = (who: Session, uploadIds: string[]) =>
    graph.request<Created>(CREATE, { input: { caption: 'x', uploadIds } }, { token: who.accessToken });
  const postRows = async () => (await graph.sql('posts', 'SELECT count(*)::int AS n FROM posts')).rows[0].n as number;
  /** A user's media objects on local disk (S3 keeps them in the bucket; the service specs count its copies). */
  const localMediaFiles = (who: Session): string[] => {
    if (storage !== 'local') return [];
    try {
      return readdirSync(join(graph.env.MEDIA_DIR!, 'm', who.user.id));
    } catch {
      return [];
    }
  };

  const headersOf = (response: Response) =>
    Object.fromEntries(
      ['content-type', 'content-disposition', 'x-content-type-options'].map((h) => [h, response.headers.get(h)]),
    );
  // S3 answers the type and disposition signed into the URL but cannot add nosniff (a CDN in front does).
  const nosniff = storage === 'local' ? 'nosniff' : null;

  it('serves the checked bytes and type after the upload target is written again (the swap attack)', async () => {
    const alice = await registerUser(graph);
    const original = png(40, 30);
    const target = await upload(alice, original);
    const created = await createPost(alice, [target.uploadId]);
    expect(created.errors).toBeUndefined();
    const postId = created.data!.createPost.id;

    // Local disk refuses the second write to a target; S3 takes it (same size and type, as signed)
    // into the upload key, which no post serves.
    expect(await send(target, htmlOfSize(original.length))).toBe(storage === 'local' ? 409 : 200);

    const urls = [
      created.data!.createPost.media[0]!.url,
      (await graph.request<{ post: { media: { url: string }[] } }>(READ, { id: postId })).data!.post.media[0]!.url,
    ];
    for (const url of urls) {
      const response = await fetch(url);
      expect(response.status).toBe(200);
      expect(Buffer.from(await response.arrayBuffer()).equals(original)).toBe(true);
      expect(headersOf(response)).toEqual({
        'content-type': 'image/png',
        'content-disposition': expect.stringMatching(/^inline; filename="[0-9a-f-]{36}\.png"$/),
        'x-content-type-options': nosniff,
      });
    }
    // The upload is spent either way.
    const again = await createPost(alice, [target.uploadId]);
    expect(again.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'UPLOAD_ALREADY_USED' });
  });

  it('serves media with the type found in the bytes, not the declared one, and videos as downloads', async () => {
    const alice = await registerUser(graph);
    // Declared as JPEG, sent as PNG: both images, so it is posted, as what it is.
    const image = await upload(alice, png(8, 6), 'image/jpeg');
    const video = await upload(alice, mp4, 'video/mp4');
    const created = await createPost(alice, [image.uploadId, video.uploadId]);
    expect(created.errors).toBeUndefined();
    const [asImage, asVideo] = created.data!.createPost.media;
    expect([asImage!.contentType, asVideo!.contentType]).toEqual(['image/png', 'video/mp4']);
    expect(headersOf(await fetch(asImage!.url))).toEqual({
      'content-type': 'image/png',
      'content-disposition': expect.stringMatching(/^inline; filename="[0-9a-f-]{36}\.png"$/),
      'x-content-type-options': nosniff,
    });
    expect(headersOf(await fetch(asVideo!.url))).toEqual({
      'content-type': 'video/mp4',
      'content-disposition': expect.stringMatching(/^attachment; filename="[0-9a-f-]{36}\.mp4"$/),
      'x-content-type-options': nosniff,
    });
  });

  it.each([
    ['100000×100000', 100_000, 100_000],
    ['2^32−1 × 1', 2 ** 32 - 1, 1],
    ['2^32−1 × 2^32−1', 2 ** 32 - 1, 2 ** 32 - 1],
    ['8193 × 1 (one over the side limit)', 8193, 1],
    ['8000 × 8000 (64 MP, over the pixel limit)', 8000, 8000],
  ])('refuses a PNG header claiming %s pixels as bad input, storing nothing', async (_name, width, height) => {
    const alice = await registerUser(graph);
    const before = await postRows();
    const target = await upload(alice, pngClaiming(width, height));
    const response = await createPost(alice, [target.uploadId]);
    expect(codes(response)).toEqual(['BAD_USER_INPUT']);
    expect(response.errors![0]!.extensions).toMatchObject({ field: 'input.uploadIds', reason: 'UNSUPPORTED_MEDIA' });
    expect(response.errors![0]!.message).toMatch(/pixels: at most 8192 per side and 40000000 in all/);
    expect([await postRows(), localMediaFiles(alice)]).toEqual([before, []]);
  });

  it('accepts a PNG header at the limits (8192 × 4880, 39.98 MP)', async () => {
    const alice = await registerUser(graph);
    const target = await upload(alice, pngClaiming(8192, 4880));
    const response = await createPost(alice, [target.uploadId]);
    expect(response.errors).toBeUndefined();
    expect(response.data!.createPost.media).toEqual([
      expect.objectContaining({ contentType: 'image/png', width: 8192, height: 4880 }),
    ]);
  });

  it.each([
    ['an HTML page after IEND', Buffer.concat([png(6, 6), HTML])],
    ['a page and a second IEND chunk after IEND', Buffer.concat([png(6, 6), HTML, chunk('IEND', Buffer.alloc(0))])],
  ])('refuses a PNG with %s as bad input', async (_name, bytes) => {
    const alice = await registerUser(graph);
    const before = await postRows();
    const target = await upload(alice, bytes);
    const response = await createPost(alice, [target.uploadId]);
    expect(codes(response)).toEqual(['BAD_USER_INPUT']);
    expect(response.errors![0]!.extensions).toMatchObject({ field: 'input.uploadIds', reason: 'UNSUPPORTED_MEDIA' });
    expect(response.errors![0]!.message).toMatch(/has bytes after the end of the image/);
    expect([await postRows(), localMediaFiles(alice)]).toEqual([before, []]);
  });
});

describe('S3 storage against S3Proxy', () => {
  const owner = '00000000-0000-4000-8000-0000000000aa';
  const id = () => randomUUID();
  let s3: S3Storage;
  beforeAll(async () => {
    const env = s3TestEnv('hard');
    s3 = new S3Storage({
      bucket: env.S3_BUCKET!,
      region: 'us-east-1',
      endpoint: env.S3_ENDPOINT,
      accessKeyId: env.S3_ACCESS_KEY_ID,
      secretAccessKey: env.S3_SECRET_ACCESS_KEY,
      forcePathStyle: true,
    });
    await s3.ensureBucket();
  });

  const put = async (key: string, bytes: Buffer) => {
    const target = await s3.createUploadTarget(key, 'image/png', bytes.length, new Date(Date.now() + 60_000));
    return (await fetch(target.url, { method: 'PUT', headers: { 'content-type': 'image/png' }, body: bytes })).status;
  };

  it('signs one read URL per window (cacheable by browsers), and it serves the object', async () => {
    const key = uploadKey(owner, id());
    const bytes = png(3, 3);
    expect(await put(key, bytes)).toBe(200);
    const [first, second] = [await s3.readUrl(key, 'image/png'), await s3.readUrl(key, 'image/png')];
    expect(second).toBe(first);
    const response = await fetch(first);
    expect(response.status).toBe(200);
    expect(Buffer.from(await response.arrayBuffer()).equals(bytes)).toBe(true);
  });

  it('copies only the version that was checked (CopySourceIfMatch), and the copy keeps its bytes', async () => {
    const key = uploadKey(owner, id());
    expect(await put(key, png(3, 3))).toBe(200);
    const checked = (await s3.stat(key))!;
    // A pre-signed PUT does not make the key write-once: a second upload replaces the object.
    expect(await put(key, HTML)).toBe(200);
    expect(await s3.copy(key, mediaKey(owner, id()), checked.version)).toBe(false);
    const media = mediaKey(owner, id());
    expect(await s3.copy(key, media, (await s3.stat(key))!.version)).toBe(true);
    expect(await put(key, png(2, 2))).toBe(200);
    expect((await s3.readStart(media, 4096)).equals(HTML)).toBe(true);
    await s3.retireUpload(key);
    expect(await s3.stat(key)).toBeNull();
    expect(await s3.copy(key, mediaKey(owner, id()), 'any')).toBe(false);
  });
});
