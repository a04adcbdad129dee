/**
 * Home-feed timelines (ADR 0014): per account, the ids of recent posts of the accounts it follows
 * (and its own), newest first by (createdAt, postId), capped in length. A timeline is only an index
 * of candidates: every page is read back through posts' visibility rule in SQL.
 *
 * Each timeline has a floor: it holds every entry it should whose time is after the floor (in ms),
 * and nothing is known of what lies at or below it. −Infinity means complete to the beginning;
 * +Infinity means being rebuilt (nothing covered yet, but fan-out already adds any entry to it; the
 * rebuild's floor then drops those at or below it). Trimming to the cap raises the floor to the
 * newest time it dropped.
 */
export interface TimelineEntry {
  postId: string;
  authorId: string;
  /** The post's createdAt in ms (PostgreSQL keeps ms: timestamptz(3)). */
  at: number;
}

/** A keyset position in a timeline: (at, postId), compared as the posts query orders them. */
export interface TimelineKey {
  at: number;
  postId: string;
}

export interface TimelineSlice {
  /** Newest first, all strictly before the key asked for and after the floor. */
  entries: TimelineEntry[];
  /** True when the slice stopped at its limit: older covered entries may follow the last one. */
  truncated: boolean;
  floor: number;
}

export interface TimelineStore {
  readonly kind: 'redis' | 'memory';
  /**
   * Up to `limit` entries strictly before `before` (from the newest when null) and after the floor;
   * null when the timeline does not exist (never built, or evicted). A timeline with no entries exists.
   */
  range(ownerId: string, before: TimelineKey | null, limit: number): Promise<TimelineSlice | null>;
  /** Makes the timeline exist with nothing covered (floor +Infinity), keeping any entries it has. */
  beginRebuild(ownerId: string): Promise<void>;
  /** Adds what the database holds and sets the floor (−Infinity: complete); trims to the cap. */
  completeRebuild(ownerId: string, entries: readonly TimelineEntry[], floor: number): Promise<void>;
  /**
   * Adds the entries to each of these timelines that exists (a missing one is built when read) and
   * trims each to the cap; entries at or below a timeline's floor are left out (none while it is
   * being rebuilt). Idempotent.
   */
  add(ownerIds: readonly string[], entries: readonly TimelineEntry[]): Promise<void>;
  /** Removes a post (by its id and author) from these timelines. */
  removePost(ownerIds: readonly string[], post: { postId: string; authorId: string }): Promise<void>;
  /** Removes every entry of `authorId` from the owner's timeline. */
  removeAuthor(ownerId: string, authorId: string): Promise<void>;
  /** Forgets the timeline (as an eviction would). */
  drop(ownerId: string): Promise<void>;
  /** Throws when the store cannot be reached (readiness). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** Newest first: by time, then by post id (uuids compare like their lower-case text, as in PostgreSQL). */
export function compareNewestFirst(a: TimelineKey, b: TimelineKey): number {
  if (a.at !== b.at) return b.at - a.at;
  return a.postId < b.postId ? 1 : a.postId > b.postId ? -1 : 0;
}

/** Whether `entry` comes strictly after `key` in newest-first order (is older). */
export const isBefore = (entry: TimelineKey, key: TimelineKey): boolean => compareNewestFirst(entry, key) > 0;
