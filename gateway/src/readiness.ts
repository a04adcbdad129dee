/** Resolves when a subgraph can serve, throws when it cannot. */
export type ReadinessProbe = () => Promise<void>;

/** A subgraph reached over HTTP is ready when its own /ready says so within the timeout. */
export function httpReadinessProbe(graphqlUrl: string, timeoutMs = 2_000): ReadinessProbe {
  const ready = new URL('/ready', graphqlUrl);
  return async () => {
    const response = await fetch(ready, { signal: AbortSignal.timeout(timeoutMs) });
    await response.body?.cancel();
    if (!response.ok) throw new Error(`${ready.href} answered ${response.status}`);
  };
}

/**
 * The gateway's readiness: the names of the subgraphs that cannot serve now (empty: ready). Probes
 * run together; their answer is reused for `reuseMs`, and concurrent callers share one round, so
 * frequent probes of several load balancers cost the subgraphs one check each per interval.
 */
export function subgraphReadiness(
  probes: ReadonlyMap<string, ReadinessProbe>,
  reuseMs = 1_000,
): () => Promise<string[]> {
  let last: { at: number; failing: Promise<string[]> } | undefined;
  const round = async () => {
    const names = [...probes.keys()];
    const results = await Promise.allSettled(names.map((name) => probes.get(name)!()));
    return names.filter((_, i) => results[i]!.status === 'rejected').sort();
  };
  return () => {
    const now = Date.now();
    if (!last || now - last.at >= reuseMs) last = { at: now, failing: round() };
    return last.failing;
  };
}
