import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { expect, it } from '@jest/globals';
import { repoRoot } from '@shutter/runtime';

// `npm start` preloads scripts/graphql-production.mjs (issue 10: graphql-js's development-only
// instanceOf check was 13 % of the CPU under the feed load). It must switch graphql to its
// production code path and leave NODE_ENV, which Shutter itself reads, exactly as given.
const probe = `
  const { instanceOf } = require('graphql/jsutils/instanceOf.js');
  console.log(JSON.stringify({
    nodeEnv: process.env.NODE_ENV ?? null,
    development: instanceOf.toString().includes('Symbol.toStringTag'),
  }));
`;

const run = (env: NodeJS.ProcessEnv, preload: boolean) =>
  JSON.parse(
    execFileSync(
      process.execPath,
      [...(preload ? ['--import', join(repoRoot, 'scripts', 'graphql-production.mjs')] : []), '-e', probe],
      { cwd: repoRoot, env, encoding: 'utf8' },
    ),
  ) as { nodeEnv: string | null; development: boolean };

it('loads graphql in production mode and leaves NODE_ENV as given', () => {
  const { NODE_ENV: _unset, ...withoutNodeEnv } = process.env;
  expect(run(withoutNodeEnv, false)).toEqual({ nodeEnv: null, development: true });
  expect(run(withoutNodeEnv, true)).toEqual({ nodeEnv: null, development: false });
  expect(run({ ...withoutNodeEnv, NODE_ENV: 'development' }, true)).toEqual({
    nodeEnv: 'development',
    development: false,
  });
});

it('is what npm start preloads', async () => {
  const { default: manifest } = (await import(join(repoRoot, 'package.json'), { with: { type: 'json' } })) as {
    default: { scripts: Record<string, string> };
  };
  expect(manifest.scripts.start).toMatch(/--import \.\/scripts\/graphql-production\.mjs scripts\/start\.ts$/);
});

// ADR 0027: on one core, V8's GC worker threads stalled npm start's event loop for 80–300 ms. The
// flag is a V8 flag NODE_OPTIONS refuses, so it must stay on the command line (the bench reads it there).
it('runs npm start with V8 garbage collection on the main thread', async () => {
  const { default: manifest } = (await import(join(repoRoot, 'package.json'), { with: { type: 'json' } })) as {
    default: { scripts: Record<string, string> };
  };
  expect(manifest.scripts.start).toMatch(/^node --single-threaded-gc --import tsx /);
});

// Apollo Server's hashing helper requires node:crypto on every call (slow through tsx's hooks); the
// preload hands it node:crypto's createHash, seen by ESM importers as Apollo Server is one.
const hashProbe = `
  import { createRequire } from 'node:module';
  const require = createRequire(import.meta.url);
  const server = require.resolve('@apollo/server');
  const { createHash } = await import(createRequire(server).resolve('@apollo/utils.createhash'));
  console.log(JSON.stringify({
    requiresEachCall: createHash.toString().includes('module.require'),
    sha256: createHash('sha256').update('{ me { id } }').digest('hex'),
  }));
`;

it("gives Apollo Server's operation hashing node:crypto directly, with the same hashes", () => {
  const probeWith = (preload: boolean) =>
    JSON.parse(
      execFileSync(
        process.execPath,
        [
          ...(preload ? ['--import', join(repoRoot, 'scripts', 'graphql-production.mjs')] : []),
          '--input-type=module',
          '-e',
          hashProbe,
        ],
        { cwd: repoRoot, encoding: 'utf8' },
      ),
    ) as { requiresEachCall: boolean; sha256: string };
  const before = probeWith(false);
  const after = probeWith(true);
  expect(before.requiresEachCall).toBe(true);
  expect(after).toEqual({ requiresEachCall: false, sha256: before.sha256 });
  expect(after.sha256).toBe(createHash('sha256').update('{ me { id } }').digest('hex'));
});
