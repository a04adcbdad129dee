import { badInput } from './errors.js';
import { isUuid } from './rules.js';

export interface PageArgs {
  first?: number | null;
  after?: string | null;
}

export interface Connection<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/** Opaque to clients: base64url of the keyset (e.g. [createdAt, id]) after which the next page starts. */
export function encodeCursor(keys: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(keys)).toString('base64url');
}

/** What one key of a keyset cursor holds; `parsePage` checks each key against it. */
export type CursorKey = 'timestamp' | 'uuid' | 'integer';
type KeyValue<K extends CursorKey> = K extends 'integer' ? number : string;
export type CursorKeys<Shape extends readonly CursorKey[]> = { [I in keyof Shape]: KeyValue<Shape[I]> };

/** The keyset of a newest-first list: [createdAt as an ISO string, id]. */
export const CREATED_AT_ID = ['timestamp', 'uuid'] as const satisfies readonly CursorKey[];

// As `Date.prototype.toISOString` writes them (the only way this API writes a timestamp key).
const ISO_TIMESTAMP = /^(?:\d{4}|[+-]\d{6})-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
// Cursors this API issues are a few dozen characters; a longer one is not one of them.
const MAX_CURSOR_LENGTH = 512;

const keyIsA: Record<CursorKey, (key: unknown) => boolean> = {
  timestamp: (key) => typeof key === 'string' && ISO_TIMESTAMP.test(key) && isRealInstant(key),
  uuid: isUuid,
  integer: (key) => Number.isSafeInteger(key),
};

/** `2024-02-30T…` matches the pattern but is no instant; only a string that round-trips is one. */
function isRealInstant(iso: string): boolean {
  const time = Date.parse(iso);
  return !Number.isNaN(time) && new Date(time).toISOString() === iso;
}

/**
 * Validates Relay arguments: `first` is 1..100 (default 20); `after` must be a cursor this API
 * issued for a list with this keyset `shape`: canonical base64url, the right number of keys, each of
 * the right kind (a cursor decoding to `[1,2]` is refused before it can reach a query as a
 * timestamp). Anything else is BAD_USER_INPUT naming the argument.
 */
export function parsePage<const Shape extends readonly CursorKey[]>(
  args: PageArgs,
  shape: Shape,
): { first: number; after: CursorKeys<Shape> | null } {
  const first = args.first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
    throw badInput('first', `first: must be between 1 and ${MAX_PAGE_SIZE}`);
  }
  if (args.after == null) return { first, after: null };
  const keys = decodeCursor(args.after);
  if (keys && keys.length === shape.length && shape.every((kind, i) => keyIsA[kind](keys[i]))) {
    return { first, after: keys as CursorKeys<Shape> };
  }
  throw badInput('after', 'after: is not a cursor from this list');
}

function decodeCursor(cursor: string): unknown[] | null {
  if (cursor.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]*$/.test(cursor)) return null;
  try {
    const keys = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    // Only the exact spelling this API writes: no padding, no alternative encodings of the same keys.
    return Array.isArray(keys) && encodeCursor(keys as (string | number)[]) === cursor ? keys : null;
  } catch {
    return null;
  }
}

/** Builds a connection from up to `first + 1` rows (the extra row only tells whether there is a next page). */
export function toConnection<R, T>(
  rows: readonly R[],
  first: number,
  cursorKeys: (row: R) => (string | number)[],
  node: (row: R) => T,
): Connection<T> {
  const page = rows.slice(0, first);
  const edges = page.map((row) => ({ cursor: encodeCursor(cursorKeys(row)), node: node(row) }));
  return {
    edges,
    pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null },
  };
}

export function emptyConnection<T>(): Connection<T> {
  return { edges: [], pageInfo: { hasNextPage: false, endCursor: null } };
}
