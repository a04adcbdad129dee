import { Agent, request } from 'node:http';
import autocannon from 'autocannon';
import type { ConnectionState, Workload } from './workloads.js';

export interface LoadOptions {
  url: string;
  workload: Workload;
  connections: number;
  durationSeconds: number;
  /** A number of requests instead of a duration (warm-ups: however slow the first answers are). */
  amount?: number;
  /**
   * A fixed arrival rate (requests per second, evenly spaced, open loop: see `runAtFixedRate`);
   * unset: closed loop, each connection sends its next request when its last one was answered.
   */
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
  if (options.overallRate) return runAtFixedRate({ ...options, overallRate: options.overallRate });
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
  const cpuMsPerRequest = perRequest(before, after, requests);
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
  };
}

/**
 * Open-loop load at a fixed rate: request i is due at start + i / rate, whatever happened to the
 * ones before, and its latency counts from when it was due, so time spent waiting for a free
 * connection counts too (no coordinated omission). autocannon's `overallRate` is not this: each
 * connection sends its quota for the second at once and then waits for the next second, so all
 * connections fire together at every second's start, and a p99 measured that way is the length of
 * that burst's queue (324 ms at 31 req/s on a server that answers one page in ~16 ms).
 */
async function runAtFixedRate(options: LoadOptions & { overallRate: number }): Promise<LoadResult> {
  const { workload, overallRate } = options;
  const target = new URL(options.url);
  // Enough connections that a slow answer does not hold back the requests due after it.
  const agent = new Agent({ keepAlive: true, maxSockets: Math.max(options.connections, 64) });
  const latencies: number[] = [];
  const failures: string[] = [];
  let failed = 0;
  const send = (due: number) =>
    new Promise<void>((resolve) => {
      const state: ConnectionState = {};
      const { body, headers } = workload.next(state);
      const fail = (text: string) => {
        failed += 1;
        if (failures.length < 3) failures.push(text.slice(0, 600));
        resolve();
      };
      const outgoing = request(
        target,
        { method: 'POST', agent, headers: { ...headers, 'content-length': Buffer.byteLength(body) }, timeout: 30_000 },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            if (response.statusCode !== 200) return fail(`HTTP ${response.statusCode}: ${text}`);
            if (text.includes('"errors":')) return fail(text);
            latencies.push(performance.now() - due);
            workload.onResponse?.(state);
            resolve();
          });
          response.on('error', (error) => fail(String(error)));
        },
      );
      outgoing.on('timeout', () => outgoing.destroy(new Error('timed out after 30 s')));
      outgoing.on('error', (error) => fail(String(error)));
      outgoing.end(body);
    });

  const before = options.cpu?.();
  const started = performance.now();
  const total = Math.max(1, Math.round(overallRate * options.durationSeconds));
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < total; i += 1) {
    const due = started + (i * 1000) / overallRate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    inFlight.push(send(due));
  }
  await Promise.all(inFlight);
  const seconds = (performance.now() - started) / 1000;
  const after = options.cpu?.();
  agent.destroy();
  await workload.finish?.(options.url);
  if (failed > 0) {
    throw new LoadError(
      `${workload.name} at ${options.url}: ${failed} of ${total} requests failed at ${overallRate} req/s.\n` +
        failures.map((e) => `  e.g. ${e}`).join('\n'),
    );
  }
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.ceil(q * latencies.length) - 1)]!;
  return {
    workload: workload.name,
    url: options.url,
    requests: latencies.length,
    seconds,
    rps: latencies.length / seconds,
    latencyMs: {
      mean: latencies.reduce((a, b) => a + b, 0) / latencies.length,
      p50: at(0.5),
      p90: at(0.9),
      p99: at(0.99),
      max: latencies.at(-1)!,
    },
    cpuMsPerRequest: perRequest(before, after, latencies.length),
    overallRate,
  };
}

function perRequest(
  before: Record<string, number> | undefined,
  after: Record<string, number> | undefined,
  requests: number,
): Record<string, number> {
  const cpuMsPerRequest: Record<string, number> = {};
  if (!before || !after) return cpuMsPerRequest;
  let total = 0;
  for (const [name, ms] of Object.entries(after)) {
    const used = ms - (before[name] ?? 0);
    cpuMsPerRequest[name] = used / requests;
    total += used;
  }
  cpuMsPerRequest.total = total / requests;
  return cpuMsPerRequest;
}
