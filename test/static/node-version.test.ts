import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { repoRoot } from '@shutter/runtime';

const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
  engines: { node: string };
  devDependencies: Record<string, string>;
};

describe('Node 24', () => {
  it('runs the tests: npm puts the node devDependency first on PATH, whatever the system Node', () => {
    expect(process.version).toMatch(/^v24\./);
  });

  it('is the version that package.json, .nvmrc and the node devDependency all name', () => {
    expect(pkg.engines.node).toBe('>=24');
    expect(readFileSync(join(repoRoot, '.nvmrc'), 'utf8').trim()).toBe('24');
    // Exact, so every machine runs the same build of Node.
    expect(pkg.devDependencies.node).toMatch(/^24\.\d+\.\d+$/);
  });
});
