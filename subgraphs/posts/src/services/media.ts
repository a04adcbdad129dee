import { fileTypeFromBuffer } from 'file-type';
import { imageSize } from 'image-size';

/** What may be uploaded, by real type (checked from the bytes), with per-kind size limits. */
export const MEDIA_TYPES: Record<string, { kind: 'image' | 'video'; maxBytes: number }> = {
  'image/jpeg': { kind: 'image', maxBytes: 10 * 1024 * 1024 },
  'image/png': { kind: 'image', maxBytes: 10 * 1024 * 1024 },
  'image/webp': { kind: 'image', maxBytes: 10 * 1024 * 1024 },
  'image/gif': { kind: 'image', maxBytes: 10 * 1024 * 1024 },
  'video/mp4': { kind: 'video', maxBytes: 100 * 1024 * 1024 },
  'video/quicktime': { kind: 'video', maxBytes: 100 * 1024 * 1024 },
  'video/webm': { kind: 'video', maxBytes: 100 * 1024 * 1024 },
};

/** Enough of the file for file-type's signatures and for image headers with their dimensions. */
export const SNIFF_BYTES = 64 * 1024;

export interface Inspected {
  contentType: string;
  width: number | null;
  height: number | null;
}

/** Recognises the real type from the first bytes; null when it is not an allowed image or video. */
export async function inspectMedia(head: Buffer): Promise<Inspected | null> {
  const detected = await fileTypeFromBuffer(head);
  if (!detected || !MEDIA_TYPES[detected.mime]) return null;
  if (MEDIA_TYPES[detected.mime]!.kind === 'video') return { contentType: detected.mime, width: null, height: null };
  try {
    const { width, height } = imageSize(head);
    return { contentType: detected.mime, width: width ?? null, height: height ?? null };
  } catch {
    return { contentType: detected.mime, width: null, height: null };
  }
}
