/**
 * A cache of versioned JSON values. Writers and readers both offer values with the version they
 * read from the database; the cache keeps an entry only if it is newer than what it holds. That
 * closes the classic race of read-through caches (a reader that loaded the old row before a write
 * committed cannot overwrite the writer's newer entry), so a read after an acknowledged write never
 * returns the old value, on any replica sharing the cache.
 */
export interface VersionedCache {
  readonly kind: 'redis' | 'memory';
  /** Values for the keys, null where absent or expired; one round trip. */
  getMany<T>(keys: readonly string[]): Promise<(T | null)[]>;
  /** Stores each value unless the cache holds the same or a newer version; one round trip. */
  offerMany<T>(entries: readonly { key: string; version: number; value: T }[], ttlSeconds: number): Promise<void>;
  delete(keys: readonly string[]): Promise<void>;
  /** Throws when the cache cannot be reached (readiness). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

interface Stored<T> {
  v: number;
  d: T;
}

export function encode<T>(version: number, value: T): string {
  return JSON.stringify({ v: version, d: value } satisfies Stored<T>);
}

export function decode<T>(raw: string | null | undefined): T | null {
  if (raw == null) return null;
  try {
    return (JSON.parse(raw) as Stored<T>).d;
  } catch {
    return null;
  }
}
