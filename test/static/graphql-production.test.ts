import { execFileSync } from 'node:child_process';
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
