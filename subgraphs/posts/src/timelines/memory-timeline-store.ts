import {
  compareNewestFirst,
  isBefore,
  type TimelineEntry,
  type TimelineKey,
  type TimelineSlice,
  type TimelineStore,
} from './timeline-store.js';

interface Timeline {
  floor: number;
  /** Newest first. */
  entries: TimelineEntry[];
}

/**
 * The embedded default (`npm start` without REDIS_URL): timelines in process memory, at most
 * `maxTimelines` of them (the least recently used is evicted and rebuilt when read again). Right for
 * one process; replicas need the shared Redis store.
 */
export class MemoryTimelineStore implements TimelineStore {
  readonly kind = 'memory' as const;
  private readonly timelines = new Map<string, Timeline>();

  constructor(
    private readonly cap: number,
    private readonly maxTimelines = 10_000,
  ) {}

  async range(ownerId: string, before: TimelineKey | null, limit: number): Promise<TimelineSlice | null> {
    const timeline = this.timelines.get(ownerId);
    if (!timeline) return null;
    // Map keeps insertion order: moving a read timeline to the end makes eviction least-recently-used.
    this.timelines.delete(ownerId);
    this.timelines.set(ownerId, timeline);
    const after = timeline.entries.filter((e) => e.at > timeline.floor && (!before || isBefore(e, before)));
    return {
      entries: after.slice(0, limit).map((e) => ({ ...e })),
      truncated: after.length >= limit,
      floor: timeline.floor,
    };
  }

  async beginRebuild(ownerId: string): Promise<void> {
    const timeline = this.timelines.get(ownerId);
    if (timeline) timeline.floor = Infinity;
    else this.put(ownerId, { floor: Infinity, entries: [] });
  }

  async completeRebuild(ownerId: string, entries: readonly TimelineEntry[], floor: number): Promise<void> {
    let timeline = this.timelines.get(ownerId);
    if (!timeline) {
      timeline = { floor, entries: [] };
      this.put(ownerId, timeline);
    }
    timeline.floor = floor;
    timeline.entries = timeline.entries.filter((e) => e.at > floor);
    this.merge(timeline, entries);
  }

  async add(ownerIds: readonly string[], entries: readonly TimelineEntry[]): Promise<void> {
    for (const ownerId of ownerIds) {
      const timeline = this.timelines.get(ownerId);
      if (timeline) this.merge(timeline, entries);
    }
  }

  async removePost(ownerIds: readonly string[], post: { postId: string }): Promise<void> {
    for (const ownerId of ownerIds) {
      const timeline = this.timelines.get(ownerId);
      if (timeline) timeline.entries = timeline.entries.filter((e) => e.postId !== post.postId);
    }
  }

  async removeAuthor(ownerId: string, authorId: string): Promise<void> {
    const timeline = this.timelines.get(ownerId);
    if (timeline) timeline.entries = timeline.entries.filter((e) => e.authorId !== authorId);
  }

  async drop(ownerId: string): Promise<void> {
    this.timelines.delete(ownerId);
  }

  /** Always reachable: it lives in this process. */
  async ping(): Promise<void> {}

  async close(): Promise<void> {
    this.timelines.clear();
  }

  private put(ownerId: string, timeline: Timeline): void {
    if (this.timelines.size >= this.maxTimelines) this.timelines.delete(this.timelines.keys().next().value!);
    this.timelines.set(ownerId, timeline);
  }

  /**
   * Adds the entries above the floor (once each; any while a rebuild runs, whose floor sorts them
   * out), then trims to the cap, raising the floor.
   */
  private merge(timeline: Timeline, entries: readonly TimelineEntry[]): void {
    const known = new Set(timeline.entries.map((e) => e.postId));
    const floor = timeline.floor === Infinity ? -Infinity : timeline.floor;
    for (const entry of entries) {
      if (entry.at > floor && !known.has(entry.postId)) {
        timeline.entries.push({ ...entry });
        known.add(entry.postId);
      }
    }
    timeline.entries.sort(compareNewestFirst);
    if (timeline.entries.length <= this.cap) return;
    // Everything at the newest dropped time goes too: the floor covers times, not (time, id) keys.
    const newestDropped = timeline.entries[this.cap]!.at;
    timeline.floor = Math.max(timeline.floor, newestDropped);
    timeline.entries = timeline.entries.filter((e) => e.at > timeline.floor);
  }
}
