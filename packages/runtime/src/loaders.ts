import DataLoader from 'dataloader';
import { dataLoaderBatchSize } from './metrics.js';

/**
 * Every DataLoader of a subgraph is made here (an ESLint rule holds this), so each batch's size is
 * observed once, per batch, under the loader's name (`<subgraph>.<what>`, a fixed string: it is a
 * metric label). The batch function and options are DataLoader's own.
 */
export function createLoader<K, V, C = K>(
  name: string,
  batch: DataLoader.BatchLoadFn<K, V>,
  options?: DataLoader.Options<K, V, C>,
): DataLoader<K, V, C> {
  const observed = dataLoaderBatchSize.series({ loader: name });
  return new DataLoader<K, V, C>((keys) => {
    observed.observe(keys.length);
    return batch(keys);
  }, options);
}

/**
 * A request-scoped loader that fetches rows by key in one query per tick and answers each key with
 * its row or null (DataLoader requires results in key order, which SQL `IN` does not give).
 */
export function createKeyLoader<K, V>(
  name: string,
  fetch: (keys: readonly K[]) => Promise<V[]>,
  keyOf: (row: V) => K,
): DataLoader<K, V | null> {
  return createLoader<K, V | null>(name, async (keys) => {
    const rows = await fetch(keys);
    const byKey = new Map(rows.map((row) => [keyOf(row), row]));
    return keys.map((key) => byKey.get(key) ?? null);
  });
}
