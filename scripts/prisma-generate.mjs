// Generates each subgraph's Prisma client from prisma/<domain>/schema.prisma.
// The Prisma CLI wants a schema-engine binary it would download from the internet; `generate`
// does not use it, so we point PRISMA_SCHEMA_ENGINE_BINARY at an existing file (see
// docs/adr/0002-prisma-without-schema-engine.md).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'node_modules', 'prisma', 'build', 'index.js');
if (!existsSync(cli)) {
  console.log('prisma-generate: prisma CLI not installed yet, skipping');
  process.exit(0);
}
const env = {
  ...process.env,
  PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? process.execPath,
  PRISMA_HIDE_UPDATE_MESSAGE: '1',
  CHECKPOINT_DISABLE: '1',
};
for (const domain of readdirSync(join(root, 'prisma'))) {
  const schema = join(root, 'prisma', domain, 'schema.prisma');
  if (!existsSync(schema)) continue;
  const result = spawnSync(process.execPath, [cli, 'generate', '--schema', schema], {
    cwd: root,
    env,
    stdio: 'inherit',
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
