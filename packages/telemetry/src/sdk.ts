import { context, propagation, trace } from '@opentelemetry/api';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { PrismaInstrumentation } from '@prisma/instrumentation';
import type { TracingSettings } from './env.js';
import { traceRedisCommands } from './redis.js';
import type { Tracing } from './start.js';
import { setTracingActive } from './state.js';

/**
 * The OpenTelemetry Node SDK, configured from the OTEL_* variables (exporter, protocol, endpoint,
 * sampler, propagators, resource), for traces only: metrics are served by the services themselves
 * and logs go to stdout. Loaded only when tracing is on.
 *
 * Every source of spans works without patching modules at load time, so it works the same in a
 * container, under `npm start` and in jest: Prisma's own tracing (a global helper, read when a client
 * is constructed), diagnostics channels (undici and fetch; node-redis), libraries that call the
 * OpenTelemetry API themselves (@apollo/gateway, @elastic/transport), and Shutter's spans.
 */
export function startSdk(settings: TracingSettings, serviceName: string): Tracing {
  const instrumentations = [new PrismaInstrumentation(), new UndiciInstrumentation()];
  const sdk = new NodeSDK({
    ...(settings.serviceNamed ? {} : { serviceName }),
    instrumentations,
    metricReaders: [],
    logRecordProcessors: [],
  });
  sdk.start();
  const stopRedis = traceRedisCommands();
  setTracingActive(true);
  let stopping: Promise<void> | undefined;
  return {
    shutdown: () =>
      (stopping ??= (async () => {
        setTracingActive(false);
        stopRedis();
        for (const instrumentation of instrumentations) instrumentation.disable();
        // Exports what is still buffered, then leaves the API as it was: a no-op.
        await sdk.shutdown();
        trace.disable();
        context.disable();
        propagation.disable();
      })()),
  };
}
