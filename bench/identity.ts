/**
 * `npm run bench:identity`: the cost of the signed identity every request carries (the gateway
 * signs once, each subgraph verifies), measured side by side in one run: jsonwebtoken given the
 * secret as a string (what Shutter first did), jsonwebtoken with a KeyObject made once (what it did
 * next), and `@shutter/runtime`'s own HS256 signing and verification (what it does now).
 * Interleaved rounds; prints medians and their ratios.
 */
import { createSecretKey } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { signIdentity, verifyIdentity } from '@shutter/runtime';
import jwt from 'jsonwebtoken';

const SECRET = 'bench-secret-'.padEnd(43, 'x');
const KEY = createSecretKey(Buffer.from(SECRET, 'utf8'));
const viewer = { userId: '00000000-0000-4000-8000-000000000001', role: 'USER' as const, requestId: 'bench' };
const OPTIONS = { algorithm: 'HS256', issuer: 'shutter-gateway', audience: 'shutter-subgraph', expiresIn: 60 } as const;
const VERIFY = { algorithms: ['HS256' as const], issuer: 'shutter-gateway', audience: 'shutter-subgraph' };
const ITERATIONS = Number(process.argv[2] ?? 2_000);
const ROUNDS = 5;

// One request's identity work: 1 sign at the gateway, 4 verifies in the subgraphs a feed page touches.
const claims = { rid: viewer.requestId, sub: viewer.userId, role: viewer.role };
const variants: Record<string, () => void> = {
  'jsonwebtoken, string secret (first)': () => {
    const token = jwt.sign(claims, SECRET, OPTIONS);
    for (let i = 0; i < 4; i += 1) jwt.verify(token, SECRET, VERIFY);
  },
  'jsonwebtoken, KeyObject made once (next)': () => {
    const token = jwt.sign(claims, KEY, OPTIONS);
    for (let i = 0; i < 4; i += 1) jwt.verify(token, KEY, VERIFY);
  },
  'signIdentity / verifyIdentity (now)': () => {
    const token = signIdentity(viewer, SECRET);
    for (let i = 0; i < 4; i += 1) if (!verifyIdentity(token, SECRET)) throw new Error('verify failed');
  },
};

function microsPerRequest(work: () => void): number {
  const start = performance.now();
  for (let i = 0; i < ITERATIONS; i += 1) work();
  return ((performance.now() - start) * 1000) / ITERATIONS;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const samples = Object.fromEntries(Object.keys(variants).map((name) => [name, [] as number[]]));
for (const work of Object.values(variants)) work();
for (let round = 0; round < ROUNDS; round += 1) {
  for (const [name, work] of Object.entries(variants)) samples[name]!.push(microsPerRequest(work));
}
const medians = Object.fromEntries(Object.entries(samples).map(([name, values]) => [name, median(values)]));
const now = medians['signIdentity / verifyIdentity (now)']!;
console.table(
  Object.fromEntries(
    Object.entries(medians).map(([name, micros]) => [
      name,
      { 'µs per request (1 sign + 4 verifies)': micros.toFixed(1), '× now': (micros / now).toFixed(1) },
    ]),
  ),
);
console.log(`medians of ${ROUNDS} interleaved rounds of ${ITERATIONS} requests`);
