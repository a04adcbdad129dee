import { readFileSync } from 'node:fs';
import { createLogger, onShutdown, runMain } from '@shutter/runtime';
import { loadGatewayConfig } from './env.js';
import { startGateway } from './server.js';

await runMain(async () => {
  const config = loadGatewayConfig();
  const logger = createLogger({ service: 'gateway', level: config.logLevel });
  const gateway = await startGateway({
    ...config,
    supergraphSdl: readFileSync(config.supergraphPath, 'utf8'),
    logger,
  });
  onShutdown(() => gateway.close(), logger);
});
