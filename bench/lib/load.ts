import autocannon from 'autocannon';
import type { ConnectionState, Workload } from './workloads.js';

export interface LoadOptions {
  url: string;
  workload: Workload;
  connections: number;
  durationSeconds: number;
  /** A number of requests instead of a duration (warm-ups: however slow the first answers are). */
  amount?: number;
  /** A fixed rate over all connections (requests per second); unset: as fast as the server answers. */
  overallRate?: number;
  /** CPU milliseconds used so far per process, read before and after the window. */
  cpu?: () => Record<string, number>;
}

export interface LoadResult {
  workload: string;
  url: string;
  requests: number;
  seconds: number;
  rps: number;
  latencyMs: { mean: number; p50: number; p90: number; p99: number; max: number };
  /** CPU milliseconds per request served, per process, and their sum. */
  cpuMsPerRequest: Record<string, number>;
  overallRate?: number;
}

export class LoadError extends Error {
  override name = 'LoadError';
}

/**
 * One load window with autocannon. Every response is checked: a non-200, a GraphQL error, a socket
 * error or a timeout fails the window (and so the run), with examples of what came back.
 */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const { workload } = options;
  const failures = { non200: 0, graphql: 0 };
  const examples: string[] = [];
  const remember = (text: string) => {
    if (examples.length < 3) examples.push(text.slice(0, 600));
  };
  const before = options.cpu?.();
  const result = await autocannon({
    url: options.url,
    connections: options.connections,
    duration: options.durationSeconds,
    ...(options.amount ? { amount: options.amount } : {}),
    ...(options.overallRate ? { overallRate: options.overallRate } : {}),
    timeout: 30,
    method: 'POST',
    requests: [
      {
        setupRequest: (request, context) => {
          const { body, headers } = workload.next(context as ConnectionState);
          return { ...request, method: 'POST', body, headers };
        },
        onResponse: (status, body, context) => {
          if (status !== 200) {
            failures.non200 += 1;
            remember(`HTTP ${status}: ${body}`);
          } else if (body.includes('"errors":')) {
            failures.graphql += 1;
            remember(body);
          } else {
            workload.onResponse?.(context as ConnectionState);
          }
        },
      },
    ],
  });
  const after = options.cpu?.();
  await workload.finish?.(options.url);

  const problems = [
    failures.non200 && `${failures.non200} non-200 responses`,
    failures.graphql && `${failures.graphql} responses with GraphQL errors`,
    result.errors && `${result.errors} socket errors`,
    result.timeouts && `${result.timeouts} timeouts`,
  ].filter(Boolean);
  if (problems.length > 0) {
    throw new LoadError(
      `${workload.name} at ${options.url}: ${problems.join(', ')} of ${result.requests.total} requests.\n` +
        examples.map((e) => `  e.g. ${e}`).join('\n'),
    );
  }
  const requests = result.requests.total;
  if (requests === 0) throw new LoadError(`${workload.name} at ${options.url}: no response at all`);
  const cpuMsPerRequest: Record<string, number> = {};
  if (before && after) {
    let total = 0;
    for (const [name, ms] of Object.entries(after)) {
      const used = ms - (before[name] ?? 0);
      cpuMsPerRequest[name] = used / requests;
      total += used;
    }
    cpuMsPerRequest.total = total / requests;
  }
  return {
    workload: workload.name,
    url: options.url,
    requests,
    seconds: result.duration,
    rps: requests / result.duration,
    latencyMs: {
      mean: result.latency.mean,
      p50: result.latency.p50,
      p90: result.latency.p90,
      p99: result.latency.p99,
      max: result.latency.max,
    },
    cpuMsPerRequest,
    ...(options.overallRate ? { overallRate: options.overallRate } : {}),
  };
}
