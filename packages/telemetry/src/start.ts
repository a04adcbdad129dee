import type { TracingSettings } from './env.js';

export interface Tracing {
  /** Exports the spans still buffered and stops tracing; call it after the services have closed. */
  shutdown(): Promise<void>;
}

/**
 * Starts tracing for this process when the settings ask for it, before any service is built (Prisma
 * clients pick up tracing when constructed). Off, nothing is loaded and null is returned.
 */
export async function startTracing(settings: TracingSettings, serviceName: string): Promise<Tracing | null> {
  if (!settings.enabled) return null;
  const { startSdk } = await import('./sdk.js');
  return startSdk(settings, serviceName);
}
