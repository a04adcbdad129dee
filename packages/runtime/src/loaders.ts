import DataLoader from 'dataloader';

/**
 * A request-scoped loader that fetches rows by key in one query per tick and answers each key with
 * its row or null (DataLoader requires results in key order, which SQL `IN` does not give).
 */
export function createKeyLoader<K, V>(
  fetch: (keys: readonly K[]) => Promise<V[]>,
  keyOf: (row: V) => K,
): DataLoader<K, V | null> {
  return new DataLoader<K, V | null>(async (keys) => {
    const rows = await fetch(keys);
    const byKey = new Map(rows.map((row) => [keyOf(row), row]));
    return keys.map((key) => byKey.get(key) ?? null);
  });
}
