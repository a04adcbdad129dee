import { trace, type Tracer } from '@opentelemetry/api';

let active = false;

/**
 * Whether this process exports traces. Everything Shutter adds to a request or an event when
 * tracing is on is skipped when it is off, so the default costs nothing (no SDK is even loaded).
 */
export function tracingActive(): boolean {
  return active;
}

/** Set by the SDK when it starts and stops (and by the test harness). */
export function setTracingActive(value: boolean): void {
  active = value;
}

/** Shutter's own spans (boundaries between services, events); libraries bring their own tracers. */
export const tracer: Tracer = trace.getTracer('shutter');
