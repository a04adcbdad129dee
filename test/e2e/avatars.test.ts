import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { codes, s3TestEnv } from '@shutter/testing';
import { png } from '../support/media.js';
import { sendUpload, upload } from '../support/posts.js';
import { registerUser, startTestSupergraph, type Session, type TestSupergraph } from '../support/supergraph.js';

// Issue 15 / ADR 0023: avatars through the upload flow, via the gateway, on local disk and on S3.

const UPDATE = /* GraphQL */ `
  mutation ($input: UpdateProfileInput!) {
    updateProfile(input: $input) {
      id
      avatarUrl
      bio
    }
  }
`;
const READ = `query($id: ID!) { user(id: $id) { avatarUrl bio } }`;

describe.each(['local', 's3'] as const)('avatars with %s media storage', (storage) => {
  let graph: TestSupergraph;
  beforeAll(async () => {
    graph = await startTestSupergraph(storage === 's3' ? s3TestEnv('avatar') : {});
  });
  afterAll(async () => {
    await graph?.close();
  });

  const user = () => registerUser(graph, {}, { settle: true });
  const update = (who: Session, input: Record<string, unknown>) =>
    graph.request<{ updateProfile: { avatarUrl: string | null } }>(UPDATE, { input }, { token: who.accessToken });
  const avatarRows = async (who: Session) =>
    (await graph.sql('posts', 'SELECT id FROM avatars WHERE owner_id = $1', [who.user.id])).rows.map(
      (r) => r.id as string,
    );
  const profileRow = async (who: Session) =>
    // Not the version: the username change and its undo come back as UserUpdated events, which bump it.
    (
      await graph.sql('profiles', 'SELECT avatar_url, avatar_id::text, bio FROM profiles WHERE user_id = $1', [
        who.user.id,
      ])
    ).rows[0] as { avatar_url: string | null; avatar_id: string | null; bio: string | null };
  /** The bytes an avatar URL leads to (following its redirect to the signed URL). */
  const served = async (url: string) => {
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/png');
    return Buffer.from(await response.arrayBuffer());
  };

  it('sets an avatar from an upload, serves it at a stable URL, and replaces it (the old one is gone)', async () => {
    const ada = await user();
    const first = png(20, 20);
    const { target } = await upload(graph, ada, first);
    const set = await update(ada, { avatarUploadId: target.uploadId, bio: 'hello' });
    expect(set.errors).toBeUndefined();
    const url = set.data!.updateProfile.avatarUrl!;
    expect(url).toMatch(/\/media\/avatar\/[0-9a-f-]{36}$/);
    expect((await served(url)).equals(first)).toBe(true);
    // Anyone reads it, signed in or not, through the profile.
    expect((await graph.request(READ, { id: ada.user.id })).data).toEqual({ user: { avatarUrl: url, bio: 'hello' } });

    const second = png(30, 30);
    const next = await upload(graph, ada, second);
    const replaced = await update(ada, { avatarUploadId: next.target.uploadId });
    const newUrl = replaced.data!.updateProfile.avatarUrl!;
    expect(newUrl).not.toBe(url);
    expect((await served(newUrl)).equals(second)).toBe(true);
    expect((await fetch(url)).status).toBe(404);
    expect(await avatarRows(ada)).toHaveLength(1);

    // null removes the picture.
    expect((await update(ada, { avatarUploadId: null })).data!.updateProfile.avatarUrl).toBeNull();
    expect(await avatarRows(ada)).toEqual([]);
    expect((await fetch(newUrl)).status).toBe(404);
  });

  it.each([
    [
      'another user’s upload',
      'UPLOAD_NOT_FOUND',
      async () => (await upload(graph, await user(), png(3, 3))).target.uploadId,
    ],
    ['an unknown upload id', 'UPLOAD_NOT_FOUND', async () => '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b'],
    [
      'a video',
      'UNSUPPORTED_MEDIA',
      async (me: Session) => (await upload(graph, me, png(3, 3), { contentType: 'video/mp4' })).target.uploadId,
    ],
    [
      'text claiming to be a PNG',
      'UNSUPPORTED_MEDIA',
      async (me: Session) => (await upload(graph, me, Buffer.from('not an image, just words'))).target.uploadId,
    ],
    [
      'an expired upload',
      'UPLOAD_EXPIRED',
      async (me: Session) => {
        const { target } = await upload(graph, me, png(3, 3));
        await graph.sql('posts', `UPDATE uploads SET expires_at = now() - interval '1 hour' WHERE id = $1`, [
          target.uploadId,
        ]);
        return target.uploadId;
      },
    ],
    [
      'an upload whose bytes never arrived',
      'UPLOAD_EMPTY',
      async (me: Session) => {
        const fresh = await graph.request<{ requestUpload: { uploadId: string } }>(
          `mutation { requestUpload(input: { contentType: "image/png", byteSize: 100 }) { uploadId } }`,
          {},
          { token: me.accessToken },
        );
        return fresh.data!.requestUpload.uploadId;
      },
    ],
    [
      'an upload already in a post',
      'UPLOAD_ALREADY_USED',
      async (me: Session) => {
        const { target } = await upload(graph, me, png(3, 3));
        const created = await graph.request(
          `mutation($input: CreatePostInput!) { createPost(input: $input) { id } }`,
          { input: { uploadIds: [target.uploadId] } },
          { token: me.accessToken },
        );
        expect(created.errors).toBeUndefined();
        return target.uploadId;
      },
    ],
  ])(
    'refuses %s with BAD_USER_INPUT (%s) on input.avatarUploadId and changes nothing',
    async (_n, reason, uploadId) => {
      const me = await user();
      const keep = await upload(graph, me, png(8, 8));
      expect((await update(me, { avatarUploadId: keep.target.uploadId, bio: 'before' })).errors).toBeUndefined();
      const before = await profileRow(me);
      const avatarsBefore = await avatarRows(me);
      const id = await uploadId(me);
      const response = await update(me, { avatarUploadId: id, bio: 'after', username: `renamed_${Date.now()}` });
      expect(codes(response)).toEqual(['BAD_USER_INPUT']);
      expect(response.errors![0]!.extensions).toMatchObject({ reason, field: 'input.avatarUploadId' });
      expect(response.errors![0]!.message).toMatch(/^input\.avatarUploadId: /);
      expect(await profileRow(me)).toEqual(before);
      expect(await avatarRows(me)).toEqual(avatarsBefore);
      const me2 = await graph.request<{ me: { username: string } }>(
        `{ me { username } }`,
        {},
        { token: me.accessToken },
      );
      expect(me2.data!.me.username).toBe(me.user.username);
    },
  );

  it('does not take the same upload twice (a post, then an avatar, or two avatars)', async () => {
    const me = await user();
    const { target } = await upload(graph, me, png(5, 5));
    expect((await update(me, { avatarUploadId: target.uploadId })).errors).toBeUndefined();
    const again = await update(me, { avatarUploadId: target.uploadId });
    expect(again.errors![0]!.extensions).toMatchObject({ reason: 'UPLOAD_ALREADY_USED' });
    // Bytes sent to the target again never reach the avatar (it serves its checked copy).
    await sendUpload(target, png(5, 5));
    expect(await avatarRows(me)).toHaveLength(1);
  });

  it('keeps the internal avatar mutations out of the public API', async () => {
    const me = await user();
    const response = await graph.request(
      `mutation { releaseAvatar(id: "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b") }`,
      {},
      { token: me.accessToken },
    );
    expect(codes(response)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
  });
});
