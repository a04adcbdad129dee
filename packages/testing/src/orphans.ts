import { spawn } from 'node:child_process';

/**
 * Runs `command` once the process `pid` has gone, from a watcher of its own that outlives it. A test
 * process killed before its cleanup ran (a jest worker killed on a timeout, Ctrl-C, kill -9) then
 * leaves nothing it started running: a private Kafka broker left behind kept its ports and a core's
 * worth of threads until someone found it. Returns a function that stops the watcher (after a
 * cleanup that ran normally) without running the command.
 */
export function afterProcessExits(pid: number, command: string[], env: NodeJS.ProcessEnv = process.env): () => void {
  const [program, ...args] = command;
  if (!program) throw new Error('afterProcessExits needs a command');
  // $0 is the watched pid; the command follows as "$@". `kill -0` only asks whether the pid lives.
  const watcher = spawn(
    '/bin/sh',
    ['-c', 'while kill -0 "$0" 2>/dev/null; do sleep 1; done; exec "$@"', String(pid), program, ...args],
    {
      detached: true,
      stdio: 'ignore',
      env,
    },
  );
  watcher.unref();
  return () => {
    if (watcher.exitCode === null && watcher.pid !== undefined) {
      try {
        process.kill(watcher.pid, 'SIGTERM');
      } catch {
        // Already gone.
      }
    }
  };
}
