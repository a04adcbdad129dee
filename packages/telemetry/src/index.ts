export { SpanKind } from '@opentelemetry/api';
export * from './env.js';
export * from './spans.js';
export * from './start.js';
export { tracingActive } from './state.js';
