import type { Logger } from '@shutter/runtime';
import { z } from 'zod';
import { InProcessTransport } from './in-process-transport.js';
import { KafkaTransport } from './kafka-transport.js';
import type { EventTransport } from './transport.js';

/** The event-transport variables every producing or consuming service reads. */
export const eventsEnvShape = {
  KAFKA_BROKERS: z
    .string()
    .regex(/^[^,\s]+:\d+(,[^,\s]+:\d+)*$/, 'must be a comma-separated list of host:port')
    .optional()
    .meta({
      description:
        'comma-separated `host:port` list; unset: the in-process event log (`npm start`); required by a subgraph container in production',
      shownDefault: 'unset (in-process)',
    }),
  KAFKA_TOPIC_PARTITIONS: z.coerce
    .number()
    .int()
    .min(1)
    .max(1000)
    .default(3)
    .describe('partitions of each topic a service creates when it is missing (1..1000)'),
  KAFKA_REPLICATION_FACTOR: z.coerce
    .number()
    .int()
    .min(1)
    .max(10)
    .default(1)
    .describe('replicas of each topic a service creates (1..10; 3 on a production cluster)'),
  KAFKA_NAMESPACE: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,40}$/, 'must be 1–40 letters, digits, _ or -')
    .optional()
    .describe(
      'prefix of every topic and consumer group (`<ns>.shutter.posts`), for environments or test runs sharing one cluster',
    ),
};

export interface EventsConfig {
  kafkaBrokers: string[] | null;
  partitions: number;
  replicationFactor: number;
  namespace: string;
}

export function eventsConfigFrom(env: {
  KAFKA_BROKERS?: string | undefined;
  KAFKA_TOPIC_PARTITIONS: number;
  KAFKA_REPLICATION_FACTOR: number;
  KAFKA_NAMESPACE?: string | undefined;
}): EventsConfig {
  return {
    kafkaBrokers: env.KAFKA_BROKERS ? env.KAFKA_BROKERS.split(',') : null,
    partitions: env.KAFKA_TOPIC_PARTITIONS,
    replicationFactor: env.KAFKA_REPLICATION_FACTOR,
    namespace: env.KAFKA_NAMESPACE ?? '',
  };
}

/** Kafka when brokers are configured, else the in-process log (the embedded default). */
export function createEventTransport(config: EventsConfig, clientId: string, logger: Logger): EventTransport {
  if (!config.kafkaBrokers) return new InProcessTransport(logger);
  return new KafkaTransport({
    brokers: config.kafkaBrokers,
    clientId,
    logger,
    partitions: config.partitions,
    replicationFactor: config.replicationFactor,
    namespace: config.namespace,
  });
}
