import { png } from './media.js';
import type { Session, TestSupergraph } from './supergraph.js';

/** Where and how requestUpload tells a client to send a file's bytes. */
export interface UploadTarget {
  uploadId: string;
  url: string;
  method: string;
  fields: { name: string; value: string }[];
  expiresAt: string;
}

export const REQUEST_UPLOAD = /* GraphQL */ `
  mutation ($input: RequestUploadInput!) {
    requestUpload(input: $input) {
      uploadId
      url
      method
      fields {
        name
        value
      }
      expiresAt
    }
  }
`;

/** Sends the bytes the way a client does: to the storage URL, as a POST form (S3) or a PUT (local). */
export async function sendUpload(target: UploadTarget, bytes: Buffer, contentType: string): Promise<number> {
  if (target.method === 'POST') {
    const form = new FormData();
    for (const { name, value } of target.fields) form.append(name, value);
    form.append('file', new Blob([bytes], { type: contentType }));
    return (await fetch(target.url, { method: 'POST', body: form })).status;
  }
  return (await fetch(target.url, { method: target.method, headers: { 'content-type': contentType }, body: bytes }))
    .status;
}

/** Asks for an upload target (declaring `declared` bytes) and sends the bytes there. */
export async function upload(
  graph: TestSupergraph,
  who: Session,
  bytes: Buffer,
  { contentType = 'image/png', declared = bytes.length }: { contentType?: string; declared?: number } = {},
): Promise<{ target: UploadTarget; status: number }> {
  const requested = await graph.request<{ requestUpload: UploadTarget }>(
    REQUEST_UPLOAD,
    { input: { contentType, byteSize: declared } },
    { token: who.accessToken },
  );
  if (!requested.data) throw new Error(JSON.stringify(requested.errors));
  const target = requested.data.requestUpload;
  return { target, status: await sendUpload(target, bytes, contentType) };
}

/** Creates a post with `images` small PNGs, as a client does (upload each, then createPost); its id. */
export async function createPost(graph: TestSupergraph, who: Session, caption: string, images = 1): Promise<string> {
  const uploadIds: string[] = [];
  for (let i = 0; i < images; i += 1) uploadIds.push((await upload(graph, who, png(4 + i, 3))).target.uploadId);
  const created = await graph.request<{ createPost: { id: string } }>(
    `mutation ($input: CreatePostInput!) { createPost(input: $input) { id } }`,
    { input: { caption, uploadIds } },
    { token: who.accessToken },
  );
  if (!created.data) throw new Error(JSON.stringify(created.errors));
  return created.data.createPost.id;
}
