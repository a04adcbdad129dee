import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const servicesScript = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..', 'scripts', 'services.sh');

/** Stops what the setups started; each tier's teardown calls it, so it stops everything once. */
export default async function globalTeardown() {
  const postgres = globalThis.__SHUTTER_TEST_POSTGRES__;
  const services = globalThis.__SHUTTER_TEST_SERVICES__ ?? [];
  globalThis.__SHUTTER_TEST_POSTGRES__ = undefined;
  globalThis.__SHUTTER_TEST_SERVICES__ = [];
  await postgres?.stop();
  for (const { name, env } of services) {
    execFileSync(servicesScript, ['clean', name], { env, stdio: 'inherit' });
  }
}
