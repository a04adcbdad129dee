import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { repoRoot } from '@shutter/runtime';
import { untilPasses } from './eventually.js';
import { afterProcessExits } from './orphans.js';

const dir = mkdtempSync(join(tmpdir(), 'orphans-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Running: its /proc entry exists and it is not a zombie waiting to be reaped. */
const alive = (pid: number) => {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
};

describe(afterProcessExits.name, () => {
  it('runs the cleanup once the watched process is killed outright', async () => {
    // A stand-in for a test worker: it starts a long-lived "service" and registers its cleanup,
    // then is killed with SIGKILL before it could clean up itself.
    const servicePidFile = join(dir, 'service.pid');
    const script = `
      const { spawn } = require('node:child_process');
      const service = spawn('sleep', ['600'], { detached: true, stdio: 'ignore' });
      service.unref();
      const { afterProcessExits } = require(${JSON.stringify(join(repoRoot, 'packages/testing/src/orphans.ts'))});
      afterProcessExits(process.pid, ['kill', String(service.pid)]);
      // Written once the cleanup is registered: the test kills this process as soon as it sees the file.
      require('node:fs').writeFileSync(${JSON.stringify(servicePidFile)}, String(service.pid));
      setInterval(() => {}, 1000);
    `;
    const worker = spawn(process.execPath, ['--import', 'tsx', '-e', script], { stdio: 'ignore' });
    await untilPasses(() => expect(existsSync(servicePidFile)).toBe(true), 20_000);
    const servicePid = Number(readFileSync(servicePidFile, 'utf8'));
    try {
      expect(alive(servicePid)).toBe(true);
      worker.kill('SIGKILL');
      await untilPasses(() => expect(alive(servicePid)).toBe(false), 10_000);
    } finally {
      if (alive(servicePid)) process.kill(servicePid, 'SIGKILL');
    }
  });

  it('runs nothing once cancelled, and nothing while the process lives', async () => {
    const marker = join(dir, 'marker');
    const sleeper = spawn('sleep', ['600'], { stdio: 'ignore' });
    const cancel = afterProcessExits(sleeper.pid!, ['touch', marker]);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(existsSync(marker)).toBe(false);
    cancel();
    sleeper.kill('SIGKILL');
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(existsSync(marker)).toBe(false);
    // Without cancelling, the same command runs.
    const second = spawn('sleep', ['600'], { stdio: 'ignore' });
    afterProcessExits(second.pid!, ['touch', marker]);
    second.kill('SIGKILL');
    await untilPasses(() => expect(existsSync(marker)).toBe(true), 10_000);
  });
});
