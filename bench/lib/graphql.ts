import { gql } from '@shutter/testing';

/** One operation through the public API; any error or non-200 fails (a bench never ignores one). */
export async function call<T>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  options: { token?: string; headers?: Record<string, string> } = {},
): Promise<T> {
  const response = await gql<T>(url, query, variables, options);
  if (response.status !== 200 || response.errors?.length || !response.data) {
    const name = /(?:query|mutation)\s+(\w+)/.exec(query)?.[1] ?? query.trim().slice(0, 40);
    throw new Error(`${name} failed (HTTP ${response.status}): ${JSON.stringify(response.errors ?? response.data)}`);
  }
  return response.data;
}

/**
 * Runs `work` over `items` with at most `concurrency` in flight, in order of start; the first
 * failure stops new work and is thrown once the running ones have finished.
 */
export async function inParallel<T, R>(
  items: readonly T[],
  concurrency: number,
  work: (item: T, index: number) => Promise<R>,
  progress?: (done: number) => void,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let done = 0;
  let failure: unknown;
  const lane = async () => {
    while (failure === undefined && next < items.length) {
      const index = next;
      next += 1;
      try {
        results[index] = await work(items[index]!, index);
      } catch (error) {
        failure ??= error;
        return;
      }
      done += 1;
      progress?.(done);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, lane));
  if (failure !== undefined) throw failure;
  return results;
}
