import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  context,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Span,
} from '@opentelemetry/api';
import { tracer, tracingActive } from './state.js';

type HttpHandler = (request: IncomingMessage, response: ServerResponse) => void;

export interface ServerSpanOptions {
  /** The Shutter service answering: in `npm start` one process runs all of them. */
  service: string;
  /**
   * Whether to continue the caller's trace (a call between Shutter's own services) or, at the public
   * edge, to start a new trace that only links to what the client sent: a client must not choose
   * trace ids or force sampling.
   */
  trustIncoming: boolean;
}

/**
 * Wraps a GraphQL HTTP handler in a SERVER span (`POST /graphql`), active while the request runs.
 * Decided once, when the server is built: with tracing off the handler is returned as it is.
 */
export function traceHttpServer(handler: HttpHandler, options: ServerSpanOptions): HttpHandler {
  if (!tracingActive()) return handler;
  return (request, response) => {
    const incoming = propagation.extract(ROOT_CONTEXT, request.headers);
    const caller = trace.getSpanContext(incoming);
    const parent = options.trustIncoming ? incoming : ROOT_CONTEXT;
    const method = request.method ?? 'GET';
    const span = tracer.startSpan(
      `${method} /graphql`,
      {
        kind: SpanKind.SERVER,
        attributes: {
          'http.request.method': method,
          'http.route': '/graphql',
          'url.path': request.url?.split('?', 1)[0] ?? '/graphql',
          'shutter.service': options.service,
        },
        ...(caller && !options.trustIncoming ? { links: [{ context: caller }] } : {}),
      },
      parent,
    );
    response.once('close', () => {
      span.setAttribute('http.response.status_code', response.statusCode);
      if (response.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    });
    context.with(trace.setSpan(parent, span), () => handler(request, response));
  };
}

/**
 * Runs `work` in a span that is a child of the active one: a subgraph operation the gateway runs in
 * process (`npm start`), where no HTTP server span marks where the subgraph's work begins.
 */
export function inSpan<T>(name: string, kind: SpanKind, attributes: Attributes, work: () => Promise<T>): Promise<T> {
  if (!tracingActive()) return work();
  return tracer.startActiveSpan(name, { kind, attributes }, async (span) => {
    try {
      return await work();
    } catch (error) {
      failed(span, error);
      throw error;
    } finally {
      span.end();
    }
  });
}

/**
 * Runs one AWS SDK command in a CLIENT span (`S3.HeadObject`): what an AWS SDK client's middleware
 * calls for each request it sends.
 */
export function awsCommandSpan<T>(
  service: string,
  commandName: string,
  input: object,
  work: () => Promise<T>,
): Promise<T> {
  const method = commandName.replace(/Command$/, '');
  const bucket = (input as { Bucket?: unknown }).Bucket;
  return inSpan(
    `${service}.${method}`,
    SpanKind.CLIENT,
    {
      'rpc.system': 'aws-api',
      'rpc.service': service,
      'rpc.method': method,
      ...(typeof bucket === 'string' ? { 'aws.s3.bucket': bucket } : {}),
    },
    work,
  );
}

function failed(span: Span, error: unknown): void {
  const exception = error instanceof Error ? error : new Error(String(error));
  span.recordException(exception);
  span.setStatus({ code: SpanStatusCode.ERROR, message: exception.message });
}

/**
 * Trace context as it travels with an event: the propagation fields of the configured propagators
 * (W3C Trace Context by default: `traceparent`, `tracestate`).
 */
export type TraceContext = Record<string, string>;

/**
 * The trace context an event being recorded now carries to its consumers: that of a short PRODUCER
 * span (`create <topic>`) under the active span, e.g. createPost's. Undefined when tracing is off
 * (the event then carries none) or when the propagators have nothing to say.
 */
export function eventTraceContext(event: { id: string; type: string; topic: string }): TraceContext | undefined {
  if (!tracingActive()) return undefined;
  const span = tracer.startSpan(`create ${event.topic}`, {
    kind: SpanKind.PRODUCER,
    attributes: {
      'messaging.operation.type': 'create',
      'messaging.operation.name': 'create',
      'messaging.destination.name': event.topic,
      'messaging.message.id': event.id,
      'shutter.event.type': event.type,
    },
  });
  const carrier: TraceContext = {};
  propagation.inject(trace.setSpan(context.active(), span), carrier);
  span.end();
  return Object.keys(carrier).length > 0 ? carrier : undefined;
}

/** What a consumer reports about one delivery while it runs. */
export interface DeliverySpan {
  /** A handler attempt failed; `final` when the event is dead-lettered. */
  failed(error: unknown, attempt: number, final: boolean): void;
}

const QUIET: DeliverySpan = { failed: () => undefined };

/**
 * Runs one delivery of an event to a consumer group in a CONSUMER span (`process <topic>`) that is
 * a child of the context the event carries: one trace follows a change from the request that made
 * it to every consumer, across the outbox and Kafka. Without a carried context the span starts a
 * trace of its own; whatever the delivery runs in (the relay's loop, a Kafka fetch) is not a parent.
 */
export function consumeEvent<T>(
  event: { id: string; type: string; occurredAt: string; traceContext?: TraceContext | undefined },
  delivery: { topic: string; group: string },
  work: (span: DeliverySpan) => Promise<T>,
): Promise<T> {
  if (!tracingActive()) return work(QUIET);
  const parent = event.traceContext ? propagation.extract(ROOT_CONTEXT, event.traceContext) : ROOT_CONTEXT;
  const attributes: Attributes = {
    'messaging.operation.type': 'process',
    'messaging.operation.name': 'process',
    'messaging.destination.name': delivery.topic,
    'messaging.consumer.group.name': delivery.group,
    'messaging.message.id': event.id,
    'shutter.event.type': event.type,
    // How long the event waited for this consumer: the outbox relay's and the broker's share.
    'shutter.event.age_ms': Math.max(0, Date.now() - Date.parse(event.occurredAt)),
  };
  return tracer.startActiveSpan(
    `process ${delivery.topic}`,
    { kind: SpanKind.CONSUMER, attributes },
    parent,
    async (span) => {
      try {
        return await work({
          failed: (error, attempt, final) => {
            span.setAttribute('shutter.delivery.attempts', attempt);
            if (final) failed(span, error);
            else span.addEvent('retry', { 'shutter.delivery.attempt': attempt, 'exception.message': String(error) });
          },
        });
      } finally {
        span.end();
      }
    },
  );
}
