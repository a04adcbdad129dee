/**
 * `npm run bench:identity`: the cost of the signed identity every request carries (the gateway
 * signs once, each subgraph verifies), measured side by side in one run: jsonwebtoken given the
 * secret as a string (what Shutter did) against the KeyObject made once that `@shutter/runtime`
 * now uses. Interleaved rounds; prints medians and their ratio.
 */
import { performance } from 'node:perf_hooks';
import { signIdentity, verifyIdentity } from '@shutter/runtime';
import jwt from 'jsonwebtoken';

const SECRET = 'bench-secret-'.padEnd(43, 'x');
const viewer = { userId: '00000000-0000-4000-8000-000000000001', role: 'USER' as const, requestId: 'bench' };
const OPTIONS = { algorithm: 'HS256', issuer: 'shutter-gateway', audience: 'shutter-subgraph', expiresIn: 60 } as const;
const ITERATIONS = Number(process.argv[2] ?? 2_000);
const ROUNDS = 5;

// One request's identity work: 1 sign at the gateway, 4 verifies in the subgraphs a feed page touches.
const withStringSecret = () => {
  const token = jwt.sign({ rid: viewer.requestId, sub: viewer.userId, role: viewer.role }, SECRET, OPTIONS);
  for (let i = 0; i < 4; i += 1) jwt.verify(token, SECRET, { algorithms: ['HS256'] });
};
const withKeyObject = () => {
  const token = signIdentity(viewer, SECRET);
  for (let i = 0; i < 4; i += 1) if (!verifyIdentity(token, SECRET)) throw new Error('verify failed');
};

function microsPerRequest(work: () => void): number {
  const start = performance.now();
  for (let i = 0; i < ITERATIONS; i += 1) work();
  return ((performance.now() - start) * 1000) / ITERATIONS;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const samples = { string: [] as number[], keyObject: [] as number[] };
withStringSecret();
withKeyObject();
for (let round = 0; round < ROUNDS; round += 1) {
  samples.string.push(microsPerRequest(withStringSecret));
  samples.keyObject.push(microsPerRequest(withKeyObject));
}
const string = median(samples.string);
const keyObject = median(samples.keyObject);
console.table({
  'string secret (before)': { 'µs per request (1 sign + 4 verifies)': string.toFixed(1) },
  'KeyObject made once (now)': { 'µs per request (1 sign + 4 verifies)': keyObject.toFixed(1) },
});
console.log(`speed-up: ×${(string / keyObject).toFixed(1)} (medians of ${ROUNDS} interleaved rounds of ${ITERATIONS})`);
