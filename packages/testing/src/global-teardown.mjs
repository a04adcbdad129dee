import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const servicesScript = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'scripts', 'services.sh');

export default async function globalTeardown() {
  await globalThis.__SHUTTER_TEST_POSTGRES__?.stop();
  for (const { name, env } of globalThis.__SHUTTER_TEST_SERVICES__ ?? []) {
    execFileSync(servicesScript, ['clean', name], { env, stdio: 'inherit' });
  }
}
