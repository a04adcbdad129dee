import { registerConsumerLag, type ConsumerLag, type Logger } from '@shutter/runtime';
import { Kafka, logLevel, type Admin, type Consumer, type Producer, type LogEntry } from 'kafkajs';
import { DEAD_LETTER_TOPIC } from './catalogue.js';
import { deliver } from './delivery.js';
import type { EventEnvelope } from './envelope.js';
import { sleep, type DeadLetter, type EventTransport, type SubscribeOptions, type Subscription } from './transport.js';

export interface KafkaTransportOptions {
  brokers: string[];
  clientId: string;
  logger: Logger;
  /** Partitions for topics this transport creates (ordering holds per key within a partition). */
  partitions?: number;
  replicationFactor?: number;
  /**
   * Prefixes every topic and consumer group (`<namespace>.shutter.posts`), so several environments
   * (or test runs) can share one cluster without hearing each other. Empty: the plain names.
   */
  namespace?: string;
}

const levels: Record<number, 'error' | 'warn' | 'info' | 'debug'> = {
  [logLevel.ERROR]: 'warn', // kafkajs reports every dropped connection as an error; it retries them itself
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'debug',
  [logLevel.DEBUG]: 'debug',
};

/**
 * Kafka via kafkajs: a topic per domain, key = aggregate id (so one aggregate's events stay in one
 * partition, in order), an idempotent producer with acks=all and one request in flight (no
 * duplicates or reordering from producer retries), a consumer group per subscribing subgraph.
 * Consumers commit an offset only after the handler succeeded or the message was dead-lettered,
 * and restart themselves after broker outages.
 */
export class KafkaTransport implements EventTransport {
  readonly kind = 'kafka' as const;
  private readonly kafka: Kafka;
  private producer: Promise<Producer> | null = null;
  private readonly knownTopics = new Set<string>();
  private readonly subscriptions = new Set<{
    group: string;
    topics: string[];
    startAt: SubscribeOptions['startAt'];
    stop(): Promise<void>;
  }>();
  private closed = false;
  /** One admin connection for the lag gauge, opened on the first scrape. */
  private admin: Promise<Admin> | null = null;
  private unregisterLag: (() => void) | null = null;

  constructor(private readonly options: KafkaTransportOptions) {
    const logger = options.logger.child({ component: 'kafka' });
    this.kafka = new Kafka({
      clientId: options.clientId,
      brokers: options.brokers,
      connectionTimeout: 3_000,
      requestTimeout: 15_000,
      retry: { initialRetryTime: 200, maxRetryTime: 5_000, retries: 6 },
      logLevel: logLevel.INFO,
      logCreator:
        () =>
        ({ level, log }: LogEntry) => {
          const { message, ...extra } = log;
          logger[levels[level] ?? 'debug'](extra, message);
        },
    });
  }

  /** The cluster's name for a topic or group of this transport's namespace. */
  private named(name: string): string {
    return this.options.namespace ? `${this.options.namespace}.${name}` : name;
  }

  async publish(topic: string, events: EventEnvelope[]): Promise<void> {
    if (events.length === 0) return;
    await this.ensureTopic(topic);
    const producer = await this.getProducer();
    try {
      await producer.send({
        topic: this.named(topic),
        acks: -1,
        messages: events.map((event) => ({
          key: event.aggregateId,
          value: JSON.stringify(event),
          // The trace context as headers too (traceparent, …), for tools that read it there.
          headers: { ...event.traceContext, 'event-type': event.type, 'event-version': String(event.version) },
        })),
      });
    } catch (error) {
      // Start from a fresh connection next time; the caller (the outbox relay) retries.
      this.resetProducer();
      throw error;
    }
  }

  async subscribe(options: SubscribeOptions): Promise<Subscription> {
    this.unregisterLag ??= registerConsumerLag(() => this.consumerLag());
    for (const topic of [...options.topics, DEAD_LETTER_TOPIC]) await this.ensureTopic(topic);
    let consumer: Consumer | null = null;
    let stopping = false;
    const logger = this.options.logger.child({ group: options.group });

    const start = async (): Promise<void> => {
      const current = this.kafka.consumer({
        groupId: this.named(options.group),
        sessionTimeout: 10_000,
        heartbeatInterval: 1_000,
        retry: { initialRetryTime: 200, maxRetryTime: 5_000, retries: 10, restartOnFailure: async () => true },
      });
      consumer = current;
      // kafkajs restarts a crashed consumer itself when the error is retriable; anything else would
      // leave it dead until someone restarted the service, so we rebuild it after a pause.
      current.on(current.events.CRASH, ({ payload }) => {
        if (stopping || payload.restart) return;
        logger.warn({ err: payload.error }, 'consumer crashed; rebuilding it');
        void current
          .disconnect()
          .catch(() => undefined)
          .then(() => sleep(1_000))
          .then(() => (stopping ? undefined : start()))
          .catch((error: unknown) => logger.error({ err: error }, 'could not rebuild consumer'));
      });
      await current.connect();
      const logical = new Map(options.topics.map((topic) => [this.named(topic), topic]));
      await current.subscribe({ topics: [...logical.keys()], fromBeginning: options.startAt !== 'end' });
      await current.run({
        autoCommit: true,
        eachMessage: async ({ topic, message }) => {
          const outcome = await deliver(
            {
              topic: logical.get(topic) ?? topic,
              key: message.key?.toString() ?? null,
              value: message.value?.toString() ?? '',
            },
            options,
            (letter) => this.deadLetter(letter),
            logger,
            () => stopping,
          );
          // Throwing leaves the offset uncommitted: the message comes back after the restart.
          if (outcome === 'stopped') throw new Error('consumer stopping');
        },
      });
    };

    await start();
    const subscription = {
      group: options.group,
      topics: options.topics,
      startAt: options.startAt,
      stop: async () => {
        stopping = true;
        this.subscriptions.delete(subscription);
        await (consumer as Consumer | null)?.disconnect();
      },
    };
    this.subscriptions.add(subscription);
    return subscription;
  }

  async checkReady(): Promise<void> {
    const admin = this.kafka.admin({ retry: { retries: 0 } });
    try {
      await admin.connect();
      await admin.describeCluster();
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }

  /**
   * Per group and topic: the partitions' end offsets minus the group's committed offsets (kafkajs
   * commits after every batch). Two admin requests per group and one per topic, at scrape time.
   */
  async consumerLag(): Promise<ConsumerLag[]> {
    const groups = new Map([...this.subscriptions].map((s) => [s.group, s]));
    if (groups.size === 0) return [];
    try {
      const admin = await this.lagAdmin();
      const topics = [...new Set([...groups.values()].flatMap((s) => s.topics))];
      const ends = new Map(
        await Promise.all(
          topics.map(async (topic) => [topic, await admin.fetchTopicOffsets(this.named(topic))] as const),
        ),
      );
      const lags: ConsumerLag[] = [];
      for (const { group, topics: groupTopics, startAt } of groups.values()) {
        const committed = await admin.fetchOffsets({
          groupId: this.named(group),
          topics: groupTopics.map((t) => this.named(t)),
        });
        for (const topic of groupTopics) {
          const offsets = committed.find((c) => c.topic === this.named(topic))?.partitions ?? [];
          let messages = 0;
          for (const { partition, high, low } of ends.get(topic) ?? []) {
            const at = Number(offsets.find((o) => o.partition === partition)?.offset ?? -1);
            // No commit yet: a group from the beginning has all of it to read; one from the end, none.
            const from = at >= 0 ? Math.max(at, Number(low)) : startAt === 'end' ? Number(high) : Number(low);
            messages += Math.max(0, Number(high) - from);
          }
          lags.push({ group, topic, messages });
        }
      }
      return lags;
    } catch (error) {
      // A fresh connection at the next scrape.
      const admin = this.admin;
      this.admin = null;
      void admin?.then((a) => a.disconnect()).catch(() => undefined);
      throw error;
    }
  }

  private lagAdmin(): Promise<Admin> {
    if (this.closed) return Promise.reject(new Error('Kafka transport is closed'));
    this.admin ??= (async () => {
      const admin = this.kafka.admin({ retry: { retries: 1 } });
      await admin.connect();
      return admin;
    })();
    return this.admin;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.unregisterLag?.();
    this.unregisterLag = null;
    const admin = this.admin;
    this.admin = null;
    await admin?.then((a) => a.disconnect()).catch(() => undefined);
    await Promise.all([...this.subscriptions].map((s) => s.stop()));
    const producer = this.producer;
    this.producer = null;
    await producer?.then((p) => p.disconnect()).catch(() => undefined);
  }

  private async deadLetter(letter: DeadLetter): Promise<void> {
    const producer = await this.getProducer();
    await producer.send({
      topic: this.named(DEAD_LETTER_TOPIC),
      acks: -1,
      messages: [
        {
          key: letter.key,
          value: letter.value,
          headers: { group: letter.group, topic: letter.topic, error: letter.error.slice(0, 2_000) },
        },
      ],
    });
  }

  private getProducer(): Promise<Producer> {
    if (this.closed) return Promise.reject(new Error('Kafka transport is closed'));
    this.producer ??= (async () => {
      const producer = this.kafka.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        allowAutoTopicCreation: false,
        retry: { initialRetryTime: 200, maxRetryTime: 3_000, retries: 5 },
      });
      await producer.connect();
      return producer;
    })().catch((error: unknown) => {
      this.producer = null;
      throw error;
    });
    return this.producer;
  }

  private resetProducer(): void {
    const producer = this.producer;
    this.producer = null;
    void producer?.then((p) => p.disconnect()).catch(() => undefined);
  }

  private async ensureTopic(topic: string): Promise<void> {
    if (this.knownTopics.has(topic)) return;
    // A broker that has just started (or restarted) may answer metadata requests with transient
    // errors such as UNKNOWN_TOPIC_OR_PARTITION for a while; those are retried here.
    for (let attempt = 1; ; attempt += 1) {
      const admin = this.kafka.admin();
      try {
        await admin.connect();
        await admin.createTopics({
          waitForLeaders: true,
          topics: [
            {
              topic: this.named(topic),
              numPartitions: this.options.partitions ?? 3,
              replicationFactor: this.options.replicationFactor ?? 1,
            },
          ],
        });
        this.knownTopics.add(topic);
        return;
      } catch (error) {
        if (attempt >= 10 || (error as { retriable?: boolean }).retriable === false) throw error;
        await sleep(Math.min(200 * 2 ** attempt, 3_000));
      } finally {
        await admin.disconnect().catch(() => undefined);
      }
    }
  }
}
