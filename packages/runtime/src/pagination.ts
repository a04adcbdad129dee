import { badInput } from './errors.js';

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

/**
 * Validates Relay arguments: `first` is 1..100 (default 20); `after` must be a cursor this API
 * issued with `arity` keys. Anything else is BAD_USER_INPUT naming the argument.
 */
export function parsePage(args: PageArgs, arity: number): { first: number; after: (string | number)[] | null } {
  const first = args.first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
    throw badInput('first', `first: must be between 1 and ${MAX_PAGE_SIZE}`);
  }
  if (args.after == null) return { first, after: null };
  try {
    const keys = JSON.parse(Buffer.from(args.after, 'base64url').toString('utf8')) as unknown;
    if (
      Array.isArray(keys) &&
      keys.length === arity &&
      keys.every((k) => typeof k === 'string' || typeof k === 'number')
    ) {
      return { first, after: keys };
    }
  } catch {
    // fall through to the error below
  }
  throw badInput('after', 'after: is not a cursor from this list');
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
