import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
} from '@opentelemetry/sdk-trace-base';
import { setTracingActive, tracer } from './state.js';

export interface InMemoryTracing {
  spans(): ReadableSpan[];
  /** Runs `work` under a fresh root span; its trace id and span id. */
  withRootSpan<T>(work: () => Promise<T>): Promise<{ result: T; traceId: string; spanId: string }>;
  stop(): void;
}

/**
 * Tracing into memory for unit tests: what the SDK registers when it starts (a tracer provider,
 * context across async calls, W3C propagation), with the spans kept for assertions.
 */
export function startInMemoryTracing(): InMemoryTracing {
  const exporter = new InMemorySpanExporter();
  const contextManager = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(contextManager);
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }));
  setTracingActive(true);
  return {
    spans: () => exporter.getFinishedSpans(),
    withRootSpan: (work) =>
      tracer.startActiveSpan('test', async (span) => {
        try {
          const result = await work();
          return { result, traceId: span.spanContext().traceId, spanId: span.spanContext().spanId };
        } finally {
          span.end();
        }
      }),
    stop() {
      setTracingActive(false);
      trace.disable();
      context.disable();
      propagation.disable();
    },
  };
}
