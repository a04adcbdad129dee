import diagnostics from 'node:diagnostics_channel';
import { SpanKind, SpanStatusCode, type Span } from '@opentelemetry/api';
import { tracer } from './state.js';

/** What node-redis (5.9+) publishes for each command on its `node-redis:command` tracing channel. */
interface RedisCommandMessage {
  command?: string;
  args?: string[];
  database?: number;
  serverAddress?: string;
  serverPort?: number;
  error?: unknown;
  [SPAN]?: Span;
}

const SPAN = Symbol('span');

/**
 * Redis command spans from node-redis's own diagnostics channel: no patching of the client, so they
 * come wherever the client is loaded (ESM, tests). `args` are already redacted by node-redis
 * (values of writes replaced by `?`). Returns the unsubscribe.
 */
export function traceRedisCommands(): () => void {
  const channel = diagnostics.tracingChannel<RedisCommandMessage>('node-redis:command');
  const handlers = {
    start(message: RedisCommandMessage) {
      const command = message.command ?? 'COMMAND';
      message[SPAN] = tracer.startSpan(command, {
        kind: SpanKind.CLIENT,
        attributes: {
          'db.system.name': 'redis',
          'db.operation.name': command,
          ...(message.args ? { 'db.query.text': message.args.join(' ') } : {}),
          ...(message.database !== undefined ? { 'db.namespace': String(message.database) } : {}),
          ...(message.serverAddress ? { 'server.address': message.serverAddress } : {}),
          ...(message.serverPort !== undefined ? { 'server.port': message.serverPort } : {}),
        },
      });
    },
    // A command that throws before returning its promise ends here; the others end in asyncEnd.
    end(message: RedisCommandMessage) {
      if (message.error !== undefined) message[SPAN]?.end();
    },
    asyncStart() {},
    asyncEnd(message: RedisCommandMessage) {
      message[SPAN]?.end();
    },
    error(message: RedisCommandMessage) {
      const span = message[SPAN];
      if (!span) return;
      const error = message.error instanceof Error ? message.error : new Error(String(message.error));
      span.recordException(error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
    },
  };
  channel.subscribe(handlers);
  return () => channel.unsubscribe(handlers);
}
