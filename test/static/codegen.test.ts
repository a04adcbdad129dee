import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { expect, it } from '@jest/globals';
import { repoRoot } from '@shutter/runtime';

it('has committed resolver types that match what codegen makes from each subgraph SDL now', () => {
  // The CLI in its own process: its plugins are ES modules that jest's module system cannot load.
  const result = spawnSync(
    process.execPath,
    [join(repoRoot, 'node_modules', '@graphql-codegen', 'cli', 'cjs', 'bin.js'), '--config', 'codegen.ts', '--check'],
    { cwd: repoRoot, encoding: 'utf8' },
  );
  // On failure the CLI names each stale file; regenerate with `npm run codegen` and commit.
  expect({ status: result.status, output: result.stdout + result.stderr }).toEqual({ status: 0, output: '' });
}, 60_000);
