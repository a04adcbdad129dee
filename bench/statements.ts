/**
 * The bench's SQL statement count (lib/statements.ts), in a process of its own. Reads its options
 * from BENCH_STATEMENTS (JSON) and prints one line: `statements <result JSON>`.
 */
import { countInThisProcess, RESULT_PREFIX, type StatementOptions } from './lib/statements.js';
import { readSecrets } from './lib/topologies.js';

const options = JSON.parse(process.env.BENCH_STATEMENTS ?? 'null') as StatementOptions | null;
if (!options) {
  console.error('BENCH_STATEMENTS is not set: this process is started by bench/run.ts');
  process.exit(2);
}
try {
  const result = await countInThisProcess(options, readSecrets(options.dataDir));
  console.log(`${RESULT_PREFIX}${JSON.stringify(result)}`);
  process.exit(0);
} catch (error) {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
}
