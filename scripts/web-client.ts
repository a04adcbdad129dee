import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { repoRoot } from '@shutter/runtime';

/**
 * The web client's build (clients/web/dist), made when missing or stale: a fresh clone's
 * `npm start` builds it once (a few seconds), later starts find it fresh and skip the build. Fresh
 * means built from the sources there now: a hash of every input file is kept beside the build
 * (content, not modification times, which a checkout changes).
 */
export const WEB_CLIENT_ROOT = join(repoRoot, 'clients', 'web');
export const WEB_CLIENT_DIST = join(WEB_CLIENT_ROOT, 'dist');
const STAMP = join(WEB_CLIENT_DIST, '.source-hash');
const INPUTS = ['index.html', 'package.json', 'tsconfig.json', 'vite.config.ts', 'src', 'public'];

function files(path: string): string[] {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .sort()
    .flatMap((name) => files(join(path, name)));
}

export function webClientSourceHash(): string {
  const hash = createHash('sha256');
  for (const file of INPUTS.flatMap((input) => files(join(WEB_CLIENT_ROOT, input)))) {
    hash.update(relative(WEB_CLIENT_ROOT, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex');
}

export function webClientIsFresh(): boolean {
  return existsSync(STAMP) && readFileSync(STAMP, 'utf8').trim() === webClientSourceHash();
}

/**
 * Builds the client unless its build is fresh; returns the folder to serve. The build goes to a
 * folder of its own and replaces dist/ in one rename, so processes starting together (test files,
 * two `npm start`s) never serve or stamp a half-written build.
 */
export function ensureWebClient(log: (message: string) => void = () => undefined): string {
  if (webClientIsFresh()) return WEB_CLIENT_DIST;
  log('building the web client (clients/web → clients/web/dist)');
  const hash = webClientSourceHash();
  const building = `${WEB_CLIENT_DIST}.${process.pid}.${Date.now()}`;
  const vite = join(repoRoot, 'node_modules', 'vite', 'bin', 'vite.js');
  const result = spawnSync(
    process.execPath,
    [vite, 'build', '--logLevel', 'warn', '--outDir', building, '--emptyOutDir'],
    { cwd: WEB_CLIENT_ROOT, stdio: ['ignore', 'inherit', 'inherit'] },
  );
  if (result.status !== 0) {
    rmSync(building, { recursive: true, force: true });
    throw new Error(`the web client did not build (vite exited ${result.status ?? result.signal})`);
  }
  writeFileSync(join(building, '.source-hash'), `${hash}\n`);
  rmSync(WEB_CLIENT_DIST, { recursive: true, force: true });
  try {
    renameSync(building, WEB_CLIENT_DIST);
  } catch (error) {
    // Another process put its build there first: the same sources give the same files.
    rmSync(building, { recursive: true, force: true });
    if (!webClientIsFresh()) throw error;
  }
  return WEB_CLIENT_DIST;
}
