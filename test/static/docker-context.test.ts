import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ignore from '@balena/dockerignore';
import { describe, expect, it } from '@jest/globals';
import { repoRoot } from '@shutter/runtime';

// What `docker build .` sends as its context: every file of the tree that .dockerignore does not
// exclude, decided by @balena/dockerignore (a port of Docker's own matcher, parent folders and `!`
// exceptions included). The tree is the checkout (tracked and untracked files) plus files a
// developer's machine has that the checkout does not: secrets, data, dependencies, outputs.
const dockerignore = ignore().add(readFileSync(join(repoRoot, '.dockerignore'), 'utf8'));
const checkout = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], {
  cwd: repoRoot,
  encoding: 'utf8',
})
  .split('\n')
  .filter(Boolean);

const planted = {
  secrets: [
    '.env', // npm run secrets > .env (README's path to docker compose)
    '.env.production',
    '.env.local',
    '.env.example',
    'subgraphs/users/.env',
    'subgraphs/x/.env',
    'gateway/.env.production',
    'packages/runtime/.env.test',
    'prisma/users/.env',
    'schema/.env',
    'signing.pem',
    'subgraphs/users/jwt.key',
    '.npmrc',
    'packages/runtime/.npmrc',
  ],
  data: [
    '.shutter/dev-secrets.json',
    '.shutter/postgres/PG_VERSION',
    '.shutter/media/avatar.jpg',
    'subgraphs/posts/.shutter/media/a.jpg',
    'coverage/lcov.info',
    'npm-debug.log',
    'subgraphs/posts/debug.log',
  ],
  dependencies: [
    'node_modules/pg/package.json',
    'subgraphs/users/node_modules/x/index.js',
    'gateway/node_modules/y.js',
  ],
  outputs: [
    'dist/users/index.mjs',
    'packages/runtime/dist/index.js',
    '.turbo/cache/x',
    'gateway/.turbo/turbo-typecheck.log',
    'subgraphs/users/src/generated/prisma/client.ts',
  ],
};
const tree = [...new Set([...checkout, ...Object.values(planted).flat()])];
const context = dockerignore.filter(tree);

describe('the Docker build context', () => {
  it('has no secret, data, dependency or build output a developer may have', () => {
    for (const [kind, files] of Object.entries(planted))
      expect(`${kind}: ${context.filter((f) => files.includes(f))}`).toBe(`${kind}: `);
  });

  it('has no .env file at any depth', () => {
    expect(context.filter((file) => /(^|\/)\.env/.test(file))).toEqual([]);
  });

  it('has no tests and nothing of the repository the images do not build from', () => {
    expect(
      context.filter(
        (file) =>
          /(^|\/)test\//.test(file) ||
          file.endsWith('.spec.ts') ||
          /^(docs|test|\.ci|\.git|bench\/(?!package\.json$)|docker\/)/.test(file) ||
          ['README.md', 'docker-compose.yml', 'codegen.ts', 'jest.config.js'].includes(file),
      ),
    ).toEqual([]);
  });

  it('has everything the build stage needs: manifests, lockfile, sources, Prisma schemas and migrations, SDL, supergraph, build scripts', () => {
    const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { workspaces: string[] };
    const workspaceManifests = checkout.filter((file) =>
      manifest.workspaces.some((glob) => new RegExp(`^${glob.replace('*', '[^/]+')}/package\\.json$`).test(file)),
    );
    const sources = checkout.filter(
      (file) => /^(gateway|packages\/[^/]+|subgraphs\/[^/]+)\/src\//.test(file) && !file.endsWith('.spec.ts'),
    );
    const needed = [
      'package.json',
      'package-lock.json',
      'tsconfig.base.json',
      'scripts/build.ts',
      'scripts/prisma-generate.mjs',
      'schema/supergraph.graphql',
      ...workspaceManifests,
      ...sources,
      ...checkout.filter((file) => file.startsWith('prisma/')),
    ];
    expect(workspaceManifests).toEqual(
      expect.arrayContaining(['bench/package.json', 'gateway/package.json', 'subgraphs/users/package.json']),
    );
    expect(needed.filter((file) => !context.includes(file))).toEqual([]);
  });
});
