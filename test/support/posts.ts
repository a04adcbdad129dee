import { png } from './media.js';
import type { Session, TestSupergraph } from './supergraph.js';

/** Where and how requestUpload tells a client to send a file's bytes. */
export interface UploadTarget {
  uploadId: string;
  url: string;
  method: string;
  fields: { name: string; value: string }[];
  headers: { name: string; value: string }[];
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
      headers {
        name
        value
      }
      expiresAt
    }
  }
`;

export const REQUEST_UPLOADS = /* GraphQL */ `
  mutation ($input: RequestUploadsInput!) {
    requestUploads(input: $input) {
      uploadId
      url
      method
      fields {
        name
        value
      }
      headers {
        name
        value
      }
      expiresAt
    }
  }
`;

/**
 * Sends the bytes the way a client does: a PUT to the target's URL with its headers, on either
 * storage; `contentType` (default: the one the target asks for) replaces its Content-Type, to try
 * another.
 */
export async function sendUpload(target: UploadTarget, bytes: Buffer, contentType?: string): Promise<number> {
  const headers = Object.fromEntries(target.headers.map((h) => [h.name, h.value]));
  if (contentType) headers['Content-Type'] = contentType;
  return (await fetch(target.url, { method: target.method, headers, body: bytes })).status;
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
