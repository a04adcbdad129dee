import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { expect, it } from '@jest/globals';
import { repoRoot } from '@shutter/runtime';

/** README and docs/: every relative link leads to a file of this repository (issue 15: none lead out). */
const documents = [
  join(repoRoot, 'README.md'),
  join(repoRoot, 'schema', 'CHANGELOG.md'),
  ...readdirSync(join(repoRoot, 'docs'), { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.md'))
    .map((name) => join(repoRoot, 'docs', name)),
];

/** Targets of markdown links and of backticked paths that look like files (`../x/y.md`, `docs/a.md`). */
function targetsOf(text: string): string[] {
  const links = [...text.matchAll(/\]\(([^)\s#]+)(?:#[^)]*)?\)/g)].map((m) => m[1]!);
  // Backticked relative paths are often examples (`./x.js`); those climbing out are what breaks.
  const paths = [...text.matchAll(/`(\.\.\/[^`\s]+)`/g)].map((m) => m[1]!);
  return [...links, ...paths].filter((target) => !/^[a-z]+:/i.test(target));
}

it.each(documents.map((path) => [relative(repoRoot, path), path]))(
  '%s links only to files in the repository',
  (_name, path) => {
    const problems: string[] = [];
    for (const target of targetsOf(readFileSync(path, 'utf8'))) {
      const absolute = resolve(dirname(path), target);
      if (relative(repoRoot, absolute).startsWith('..')) problems.push(`${target} leads out of the repository`);
      else if (!existsSync(absolute)) problems.push(`${target} does not exist`);
    }
    expect(problems).toEqual([]);
  },
);
