import type { ConsumerLag } from '@shutter/runtime';
import type { EventEnvelope } from './envelope.js';

export interface DeliveryInfo {
  topic: string;
  /** 1 for the first try; grows with each retry of the same delivery. */
  attempt: number;
}

export type EventHandler = (event: EventEnvelope, info: DeliveryInfo) => Promise<void>;

export interface SubscribeOptions {
  /** Consumer group: each group gets every event once (load-balanced among its members). */
  group: string;
  topics: string[];
  handler: EventHandler;
  /** Tries before a message is dead-lettered (default 5). */
  maxAttempts?: number;
  /** First retry delay; doubles per attempt (default 200 ms). */
  retryDelayMs?: number;
  /**
   * Where a group that has no position yet starts: at the beginning of each topic (default, a
   * durable consumer that must see everything) or at its end (a live listener such as a gateway
   * replica, which only cares about what happens from now on).
   */
  startAt?: 'beginning' | 'end';
}

export interface Subscription {
  /** Stops consuming; the group keeps its position and resumes there when subscribed again. */
  stop(): Promise<void>;
}

export interface DeadLetter {
  group: string;
  topic: string;
  error: string;
  /** The raw message value as received. */
  value: string;
  key: string | null;
}

/**
 * How events travel between subgraphs. Kafka in production; an in-process log when no broker is
 * configured. Both give at-least-once delivery, order per aggregate and per-group positions;
 * consumers make redelivery harmless by recording what they applied.
 */
export interface EventTransport {
  readonly kind: 'kafka' | 'in-process';
  /** Publishes in order; resolves once the transport has durably accepted every event. */
  publish(topic: string, events: EventEnvelope[]): Promise<void>;
  subscribe(options: SubscribeOptions): Promise<Subscription>;
  /** Throws when the transport cannot carry events now (readiness: a Kafka broker does not answer). */
  checkReady(): Promise<void>;
  /**
   * How far each consumer group subscribed through this transport is behind, per topic (what the
   * `shutter_events_consumer_lag_messages` gauge reports; the transport registers it itself).
   */
  consumerLag(): Promise<ConsumerLag[]>;
  close(): Promise<void>;
}

export const DEFAULT_MAX_ATTEMPTS = 5;
export const DEFAULT_RETRY_DELAY_MS = 200;

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
