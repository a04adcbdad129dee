import { registerConsumerLag, type ConsumerLag, type Logger } from '@shutter/runtime';
import { DEAD_LETTER_TOPIC } from './catalogue.js';
import { deliver } from './delivery.js';
import type { EventEnvelope } from './envelope.js';
import type { DeadLetter, EventTransport, SubscribeOptions, Subscription } from './transport.js';

interface StoredMessage {
  key: string | null;
  value: string;
  headers: Record<string, string>;
}

interface Member {
  options: SubscribeOptions;
  stopping: boolean;
}

interface Group {
  offsets: Map<string, number>;
  /** Like a Kafka group's members: each message goes to one of them (here, in turn). */
  members: Member[];
  turn: number;
  draining: Promise<void> | null;
}

/**
 * The embedded default when no KAFKA_BROKERS is set: an in-memory log per topic with a position
 * per consumer group, so it behaves like Kafka within one process (order per topic, a group that
 * was stopped resumes where it left off, retries and a dead-letter topic).
 *
 * `publish` resolves only after every group consuming the topic has handled (or dead-lettered)
 * the events. The outbox relay marks events published after that, so an event whose consumers had
 * not run when the process died is still pending in the outbox and is published again on restart:
 * at-least-once across crashes, made harmless by idempotent consumers.
 */
export class InProcessTransport implements EventTransport {
  readonly kind = 'in-process' as const;
  private readonly logs = new Map<string, StoredMessage[]>();
  private readonly groups = new Map<string, Group>();
  private unregisterLag: (() => void) | null = null;

  constructor(private readonly logger: Logger) {}

  async publish(topic: string, events: EventEnvelope[]): Promise<void> {
    const log = this.log(topic);
    for (const event of events) log.push({ key: event.aggregateId, value: JSON.stringify(event), headers: {} });
    const end = log.length;
    await Promise.all(
      [...this.groups.values()].map(async (group) => {
        // Wait until this group has moved past what we appended (or stopped consuming).
        while (
          group.members.some((m) => !m.stopping && m.options.topics.includes(topic)) &&
          (group.offsets.get(topic) ?? 0) < end
        ) {
          await this.drain(group);
        }
      }),
    );
  }

  async subscribe(options: SubscribeOptions): Promise<Subscription> {
    this.unregisterLag ??= registerConsumerLag(() => this.consumerLag());
    let group = this.groups.get(options.group);
    if (!group) {
      // A new group starts at the beginning of each topic, like a Kafka group with fromBeginning,
      // or at the end of the topics it subscribes to when asked to.
      const offsets = new Map(
        options.startAt === 'end' ? options.topics.map((topic) => [topic, this.log(topic).length] as const) : [],
      );
      group = { offsets, members: [], turn: 0, draining: null };
      this.groups.set(options.group, group);
    }
    const member: Member = { options, stopping: false };
    group.members.push(member);
    void this.drain(group);
    const current = group;
    return {
      stop: async () => {
        member.stopping = true;
        await current.draining;
        current.members = current.members.filter((m) => m !== member);
        // The others take over what this member left.
        if (current.members.length > 0) void this.drain(current);
      },
    };
  }

  /** Messages on a topic, e.g. the dead-letter topic, for inspection and tests. */
  messages(topic: string): readonly StoredMessage[] {
    return this.log(topic);
  }

  /** Nothing to reach: the log lives in this process. */
  async checkReady(): Promise<void> {}

  /** Messages past each group's position, on the topics its members subscribe (or it has read). */
  async consumerLag(): Promise<ConsumerLag[]> {
    const lags: ConsumerLag[] = [];
    for (const [name, group] of this.groups) {
      const topics = new Set([...group.members.flatMap((m) => m.options.topics), ...group.offsets.keys()]);
      for (const topic of topics) {
        lags.push({ group: name, topic, messages: this.log(topic).length - (group.offsets.get(topic) ?? 0) });
      }
    }
    return lags;
  }

  async close(): Promise<void> {
    this.unregisterLag?.();
    this.unregisterLag = null;
    await Promise.all(
      [...this.groups.values()].map(async (group) => {
        for (const member of group.members) member.stopping = true;
        await group.draining;
        group.members = [];
      }),
    );
  }

  private log(topic: string): StoredMessage[] {
    let log = this.logs.get(topic);
    if (!log) {
      log = [];
      this.logs.set(topic, log);
    }
    return log;
  }

  /** One delivery loop per group: sequential, so order within a topic holds. */
  private drain(group: Group): Promise<void> {
    if (!group.draining) {
      const run = this.deliverPending(group).finally(() => {
        if (group.draining === run) group.draining = null;
      });
      group.draining = run;
    }
    return group.draining;
  }

  private async deliverPending(group: Group): Promise<void> {
    for (;;) {
      const active = group.members.filter((m) => !m.stopping);
      const topics = [...new Set(active.flatMap((m) => m.options.topics))];
      const topic = topics.find((t) => (group.offsets.get(t) ?? 0) < this.log(t).length);
      if (!topic) return;
      const candidates = active.filter((m) => m.options.topics.includes(topic));
      const member = candidates[group.turn++ % candidates.length]!;
      const offset = group.offsets.get(topic) ?? 0;
      const message = this.log(topic)[offset]!;
      const outcome = await deliver(
        { topic, key: message.key, value: message.value },
        member.options,
        (letter) => this.deadLetter(letter),
        this.logger,
        () => member.stopping,
      );
      if (outcome !== 'stopped') group.offsets.set(topic, offset + 1);
    }
  }

  private async deadLetter(letter: DeadLetter): Promise<void> {
    this.log(DEAD_LETTER_TOPIC).push({
      key: letter.key,
      value: letter.value,
      headers: { group: letter.group, topic: letter.topic, error: letter.error },
    });
  }
}
