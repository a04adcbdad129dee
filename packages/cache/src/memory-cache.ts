import type { VersionedCache } from './cache.js';

interface Entry {
  version: number;
  value: unknown;
  expiresAt: number;
}

/**
 * The embedded default: the same contract in process memory. Right for one process (npm start);
 * replicas need the shared Redis cache, or each would keep its own view.
 */
export class MemoryCache implements VersionedCache {
  readonly kind = 'memory' as const;
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly maxEntries = 100_000) {}

  async getMany<T>(keys: readonly string[]): Promise<(T | null)[]> {
    const now = Date.now();
    return keys.map((key) => {
      const entry = this.entries.get(key);
      if (!entry) return null;
      if (entry.expiresAt <= now) {
        this.entries.delete(key);
        return null;
      }
      return entry.value as T;
    });
  }

  async offerMany<T>(
    entries: readonly { key: string; version: number; value: T }[],
    ttlSeconds: number,
  ): Promise<void> {
    const now = Date.now();
    for (const { key, version, value } of entries) {
      const current = this.entries.get(key);
      if (current && current.expiresAt > now && current.version >= version) continue;
      // Map keeps insertion order: dropping the oldest entry bounds memory like an LRU would, roughly.
      if (!current && this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
      this.entries.set(key, { version, value: structuredClone(value), expiresAt: now + ttlSeconds * 1000 });
    }
  }

  async delete(keys: readonly string[]): Promise<void> {
    for (const key of keys) this.entries.delete(key);
  }

  /** Always reachable: it lives in this process. */
  async ping(): Promise<void> {}

  async close(): Promise<void> {
    this.entries.clear();
  }
}
