import { eventsConsumed, eventsDeadLettered, type Logger } from '@shutter/runtime';
import { consumeEvent } from '@shutter/telemetry';
import { parseEvent } from './envelope.js';
import {
  DEFAULT_MAX_ATTEMPTS,
  DEFAULT_RETRY_DELAY_MS,
  sleep,
  type DeadLetter,
  type SubscribeOptions,
} from './transport.js';

/**
 * Delivers one raw message to a handler: retries failures with exponential back-off, and hands
 * the message to `deadLetter` when it cannot be parsed (no retry can fix that) or keeps failing.
 * Resolves once the message is either handled or dead-lettered, so the caller may move on.
 */
export async function deliver(
  message: { topic: string; key: string | null; value: string },
  options: SubscribeOptions,
  deadLetter: (letter: DeadLetter) => Promise<void>,
  logger: Logger,
  isStopping: () => boolean = () => false,
): Promise<'handled' | 'dead-lettered' | 'stopped'> {
  const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  const baseDelay = options.retryDelayMs ?? DEFAULT_RETRY_DELAY_MS;
  const letter = (error: unknown): DeadLetter => ({
    group: options.group,
    topic: message.topic,
    key: message.key,
    value: message.value,
    error: error instanceof Error ? error.message : String(error),
  });

  let event;
  try {
    event = parseEvent(JSON.parse(message.value));
  } catch (error) {
    logger.error({ err: error, topic: message.topic, group: options.group }, 'unparseable event dead-lettered');
    await deadLetter(letter(error));
    eventsDeadLettered.inc({ group: options.group, topic: message.topic });
    return 'dead-lettered';
  }
  // Tracing on: the delivery is a span in the trace of the request that recorded the event.
  return consumeEvent(event, { topic: message.topic, group: options.group }, async (span) => {
    for (let attempt = 1; ; attempt += 1) {
      try {
        await options.handler(event, { topic: message.topic, attempt });
        eventsConsumed.inc({ group: options.group, topic: message.topic });
        return 'handled';
      } catch (error) {
        span.failed(error, attempt, attempt >= maxAttempts);
        if (attempt >= maxAttempts) {
          logger.error(
            { err: error, eventId: event.id, type: event.type, group: options.group },
            'event dead-lettered',
          );
          await deadLetter(letter(error));
          eventsDeadLettered.inc({ group: options.group, topic: message.topic });
          return 'dead-lettered';
        }
        logger.warn({ err: error, eventId: event.id, attempt, group: options.group }, 'event handler failed; retrying');
        await sleep(baseDelay * 2 ** (attempt - 1));
        // A consumer being stopped gives the message back instead of finishing its retries.
        if (isStopping()) return 'stopped';
      }
    }
  });
}
