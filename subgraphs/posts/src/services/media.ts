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

/** Enough of a video for file-type's signatures. Images are read whole (≤ 10 MiB): their end is checked. */
export const SNIFF_BYTES = 64 * 1024;

/** How large an image may say it is: every client that shows it decodes that many pixels. */
export interface MediaLimits {
  /** Largest width or height. */
  maxImageSide: number;
  /** Largest width × height. */
  maxImagePixels: number;
}

export const DEFAULT_MEDIA_LIMITS: MediaLimits = { maxImageSide: 8192, maxImagePixels: 40_000_000 };

export interface Inspected {
  contentType: string;
  width: number | null;
  height: number | null;
}

/** The media, or why it cannot be posted (a phrase after "upload <id> "). */
export type Inspection = ({ ok: true } & Inspected) | { ok: false; problem: string };

/**
 * Checks uploaded bytes: the real type (magic bytes) must be an allowed one of the declared kind;
 * an image must be whole (`bytes` is all of it), state dimensions within `limits`, and end where its
 * format says it ends. A video is checked from its first bytes only (`SNIFF_BYTES`).
 */
export async function inspectMedia(bytes: Buffer, kind: 'image' | 'video', limits: MediaLimits): Promise<Inspection> {
  const detected = await fileTypeFromBuffer(bytes);
  if (!detected || MEDIA_TYPES[detected.mime]?.kind !== kind)
    return { ok: false, problem: `is not a supported ${kind}` };
  if (kind === 'video') return { ok: true, contentType: detected.mime, width: null, height: null };
  let width: number | undefined;
  let height: number | undefined;
  try {
    ({ width, height } = imageSize(bytes));
  } catch {
    // Unreadable dimensions: not an image anyone could show.
  }
  if (!width || !height) return { ok: false, problem: 'is not a complete image' };
  if (width > limits.maxImageSide || height > limits.maxImageSide || width * height > limits.maxImagePixels) {
    return {
      ok: false,
      problem: `is ${width}×${height} pixels: at most ${limits.maxImageSide} per side and ${limits.maxImagePixels} in all`,
    };
  }
  const end = imageEnd(bytes, detected.mime);
  if (end === null) return { ok: false, problem: 'is not a complete image' };
  // Bytes after the end would make the file two things at once (an image and, say, an HTML page or
  // a ZIP): viewers ignore them, other readers may not.
  if (end !== bytes.length) return { ok: false, problem: 'has bytes after the end of the image' };
  return { ok: true, contentType: detected.mime, width, height };
}

/**
 * Where the image's own structure says it ends (the offset just past it), or null when it is
 * truncated or malformed. Walks the format's blocks by their lengths, without decoding pixels.
 */
export function imageEnd(bytes: Buffer, contentType: string): number | null {
  switch (contentType) {
    case 'image/png':
      return pngEnd(bytes);
    case 'image/jpeg':
      return jpegEnd(bytes);
    case 'image/gif':
      return gifEnd(bytes);
    case 'image/webp':
      return webpEnd(bytes);
    default:
      return null;
  }
}

/** Chunks (length, type, data, CRC) after the 8-byte signature, up to and including IEND. */
function pngEnd(bytes: Buffer): number | null {
  let at = 8;
  while (at + 12 <= bytes.length) {
    const length = bytes.readUInt32BE(at);
    const next = at + 12 + length;
    if (length > 0x7fffffff || next > bytes.length) return null;
    if (bytes.toString('latin1', at + 4, at + 8) === 'IEND') return next;
    at = next;
  }
  return null;
}

/**
 * Marker segments (FFxx + 16-bit length) after SOI; after each SOS, entropy-coded data in which FF
 * is followed by 00 (a stuffed byte), D0–D7 (restart) or FF (fill), until the next marker; EOI ends
 * it. Thumbnails inside APPn segments are skipped by the segment's length.
 */
function jpegEnd(bytes: Buffer): number | null {
  if (bytes[0] !== 0xff || bytes[1] !== 0xd8) return null;
  let at = 2;
  while (at < bytes.length) {
    if (bytes[at] !== 0xff) return null;
    while (bytes[at] === 0xff) at += 1;
    if (at >= bytes.length) return null;
    const marker = bytes[at]!;
    at += 1;
    if (marker === 0xd9) return at;
    if ((marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) continue;
    if (at + 2 > bytes.length) return null;
    const length = bytes.readUInt16BE(at);
    if (length < 2) return null;
    at += length;
    if (marker !== 0xda) continue;
    for (;;) {
      at = bytes.indexOf(0xff, at);
      if (at < 0 || at + 1 >= bytes.length) return null;
      const next = bytes[at + 1]!;
      if (next === 0x00 || (next >= 0xd0 && next <= 0xd7)) at += 2;
      else if (next === 0xff) at += 1;
      else break;
    }
  }
  return null;
}

/** Header, logical screen, colour tables, then extension and image blocks of sub-blocks; 3B ends it. */
function gifEnd(bytes: Buffer): number | null {
  const colourTable = (packed: number) => (packed & 0x80 ? 3 * 2 ** ((packed & 0x07) + 1) : 0);
  const subBlocks = (from: number): number | null => {
    let at = from;
    while (at < bytes.length) {
      const size = bytes[at]!;
      at += 1 + size;
      if (size === 0) return at;
    }
    return null;
  };
  if (bytes.length < 13) return null;
  let at: number | null = 13 + colourTable(bytes[10]!);
  while (at !== null && at < bytes.length) {
    const block: number = bytes[at]!;
    if (block === 0x3b) return at + 1;
    if (block === 0x21) at = subBlocks(at + 2);
    else if (block === 0x2c) {
      if (at + 10 > bytes.length) return null;
      at = subBlocks(at + 10 + colourTable(bytes[at + 9]!) + 1);
    } else return null;
  }
  return null;
}

/** A RIFF file says its length: 8 bytes of header plus the size field. */
function webpEnd(bytes: Buffer): number | null {
  if (bytes.length < 12) return null;
  const end = 8 + bytes.readUInt32LE(4);
  return end <= bytes.length ? end : null;
}
