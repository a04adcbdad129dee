import type { Logger, Viewer } from '@shutter/runtime';
import type { GraphQLFormattedError } from 'graphql';
import type { Requery } from './requery.js';
import type { Trigger } from './fields.js';

/** One push to a subscriber: the requery's result with the entity under the subscription's key. */
export interface LivePush {
  data?: Record<string, unknown> | null;
  errors?: readonly GraphQLFormattedError[];
}

/** Runs a query through the gateway with a subscriber's identity. */
export type RunQuery = (
  request: { query: string; variables: Record<string, unknown> },
  viewer: Viewer,
) => Promise<LivePush>;

/** What one subscription asks for each push. */
export interface ListenerSpec {
  channel: string;
  requery: Requery;
  /** The subscription's variables that the requery still uses. */
  variables: Record<string, unknown>;
  viewer: Viewer;
}

/** How many pushes may wait for their query behind a slow one before older ones are dropped. */
const MAX_PENDING = 100;

/**
 * The gateway replica's subscribers, by channel. An event is fanned out to the listeners of its
 * channels; each listener's push is its requery run with its identity. Listeners that would run the
 * same query for the same event with the same identity and variables share one execution (5,000
 * subscribers of one post are one query per identity, not 5,000); pushes reach each subscriber in
 * the order of the events.
 */
export class LiveHub {
  private readonly channels = new Map<string, Set<Listener>>();
  private readonly running = new Map<string, Promise<LivePush>>();
  private listenerCount = 0;

  constructor(
    private readonly run: RunQuery,
    private readonly logger: Logger,
  ) {}

  /** Listens on a channel until the returned function is called; `emit` gets each push in order. */
  listen(spec: ListenerSpec, emit: (push: LivePush) => void): () => void {
    const listener = new Listener(this, spec, emit);
    let listeners = this.channels.get(spec.channel);
    if (!listeners) {
      listeners = new Set();
      this.channels.set(spec.channel, listeners);
    }
    listeners.add(listener);
    this.listenerCount += 1;
    return () => {
      const current = this.channels.get(spec.channel);
      if (!current?.delete(listener)) return;
      this.listenerCount -= 1;
      if (current.size === 0) this.channels.delete(spec.channel);
    };
  }

  /** Tells the listeners of the trigger's channel that its entity changed (event `eventId`). */
  publish(eventId: string, trigger: Trigger): void {
    const listeners = this.channels.get(trigger.channel);
    if (!listeners) return;
    for (const listener of listeners) listener.push(eventId, trigger.id);
  }

  /** Subscriptions and channels this replica holds now. */
  stats(): { listeners: number; channels: number } {
    return { listeners: this.listenerCount, channels: this.channels.size };
  }

  /** One execution per (event, entity, query, variables, identity), however many listeners ask. */
  execute(eventId: string, id: string, spec: ListenerSpec): Promise<LivePush> {
    const { requery, variables, viewer } = spec;
    const key = `${eventId}\n${id}\n${viewer.userId ?? ''}:${viewer.role ?? ''}\n${requery.query}\n${JSON.stringify(variables)}`;
    let result = this.running.get(key);
    if (!result) {
      result = this.run({ query: requery.query, variables: { ...variables, [requery.idVariable]: id } }, viewer)
        .catch((error: unknown): LivePush => {
          this.logger.warn({ err: error, eventId }, 'live update query failed');
          return { data: null };
        })
        .finally(() => this.running.delete(key));
      this.running.set(key, result);
    }
    return result;
  }

  warn(details: object, message: string): void {
    this.logger.warn(details, message);
  }
}

class Listener {
  private chain: Promise<void> = Promise.resolve();
  private pending = 0;

  constructor(
    private readonly hub: LiveHub,
    private readonly spec: ListenerSpec,
    private readonly emit: (push: LivePush) => void,
  ) {}

  push(eventId: string, id: string): void {
    if (this.pending >= MAX_PENDING) {
      this.hub.warn({ channel: this.spec.channel, eventId }, 'live subscriber too far behind; update dropped');
      return;
    }
    this.pending += 1;
    // Started now (and shared), delivered after the pushes before it.
    const result = this.hub.execute(eventId, id, this.spec);
    this.chain = this.chain.then(async () => {
      const push = await result;
      this.pending -= 1;
      const key = this.spec.requery.responseKey;
      // Null: gone, or no longer visible to this subscriber (blocked, unfollowed a private account).
      if (push.data?.[key] == null) {
        if (push.errors?.length) this.hub.warn({ errors: push.errors, eventId }, 'live update query answered errors');
        return;
      }
      this.emit(push);
    });
  }
}
