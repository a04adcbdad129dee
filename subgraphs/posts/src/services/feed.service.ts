import {
  CREATED_AT_ID,
  parsePage,
  requireViewer,
  toConnection,
  type Connection,
  type Logger,
  type PageArgs,
  type Viewer,
} from '@shutter/runtime';
import type DataLoader from 'dataloader';
import type { Cover, FeedRepository } from '../repositories/feed.repository.js';
import type { PageAfter, PostRow } from '../repositories/post.repository.js';
import { isBefore, type TimelineKey, type TimelineSlice, type TimelineStore } from '../timelines/timeline-store.js';

/** What the home feed reads (FeedRepository; fakes in unit specs). */
export type FeedReads = Pick<FeedRepository, 'timelinePage' | 'databasePage' | 'timelineSeed'>;

export interface FeedSettings {
  /** Entries a timeline keeps (FEED_TIMELINE_LENGTH); a rebuild reads this many posts. */
  timelineLength: number;
}

const postCursor = (row: PostRow) => [row.created_at.toISOString(), row.id];
const iso = (ms: number) => new Date(ms).toISOString();

/**
 * The home feed of the viewer: their own posts and those of the accounts they follow, newest first.
 * Candidates come from the viewer's timeline (rebuilt from the database when missing), posts of
 * authors with too many followers for fan-out are merged in by the same SQL statement, and the page
 * is always read through posts' visibility rule, so a stale timeline entry never shows. Where the
 * timeline cannot answer a page completely (older than it covers, too many stale entries, Redis
 * unreachable) the database answers it.
 */
export class FeedService {
  constructor(
    private readonly feed: FeedReads,
    private readonly timelines: TimelineStore,
    private readonly visible: DataLoader<string, PostRow | null>,
    private readonly viewer: Viewer,
    private readonly logger: Logger,
    private readonly settings: FeedSettings,
  ) {}

  async page(args: PageArgs): Promise<Connection<PostRow>> {
    const viewerId = requireViewer(this.viewer);
    const page = parsePage(args, CREATED_AT_ID);
    const after = page.after as PageAfter;
    // One row more than asked for: it only tells whether there is a next page.
    const limit = page.first + 1;
    const rows =
      (await this.fromTimeline(viewerId, after, limit)) ?? (await this.feed.databasePage(this.viewer, after, limit));
    for (const row of rows) this.visible.prime(row.id, row);
    return toConnection(rows, page.first, postCursor, (row) => row);
  }

  /** The page from the timeline, or null when the timeline cannot answer it completely. */
  private async fromTimeline(viewerId: string, after: PageAfter, limit: number): Promise<PostRow[] | null> {
    const before: TimelineKey | null = after ? { at: Date.parse(after[0]), postId: after[1] } : null;
    // Twice the page: a few stale entries (a deletion or unfollow not applied yet) still fill it.
    const want = 2 * limit;
    let slice: TimelineSlice;
    try {
      const stored = await this.timelines.range(viewerId, before, want);
      // Missing, or a rebuild that never completed (it is safe to run again).
      slice = stored && stored.floor !== Infinity ? stored : await this.rebuild(viewerId, before, want);
    } catch (error) {
      this.logger.warn({ err: error }, 'timeline unavailable: home feed page read from the database');
      return null;
    }
    // Older than the timeline covers (paging past its cap): the database has those.
    if (before && before.at <= slice.floor) return null;
    const last = slice.entries.at(-1);
    if (slice.truncated && !last) return null;
    const cover: Cover =
      slice.truncated && last
        ? { from: [iso(last.at), last.postId] }
        : slice.floor === -Infinity
          ? null
          : { above: iso(slice.floor) };
    const ids = slice.entries.map((e) => e.postId);
    const rows = await this.feed.timelinePage(this.viewer, ids, after, cover, limit);
    // A full page, or the end of a timeline that is complete to the beginning. Short otherwise: the
    // rest lies below what the timeline covers.
    return rows.length === limit || cover === null ? rows : null;
  }

  /**
   * Rebuilds a missing timeline from the database. The timeline exists (covering nothing) before the
   * database is read, so a post fanned out meanwhile is either added to it or already committed and
   * read here. The page is cut from what was read: fan-out since then only added newer posts.
   */
  private async rebuild(ownerId: string, before: TimelineKey | null, want: number): Promise<TimelineSlice> {
    const length = this.settings.timelineLength;
    await this.timelines.beginRebuild(ownerId);
    const seed = await this.feed.timelineSeed(ownerId, length);
    // A full seed covers only above its oldest time (more posts may share it); a short one is all there is.
    const floor = seed.length < length ? -Infinity : seed.at(-1)!.at;
    const entries = seed.filter((e) => e.at > floor);
    await this.timelines.completeRebuild(ownerId, entries, floor);
    const after = before ? entries.filter((e) => isBefore(e, before)) : entries;
    return { entries: after.slice(0, want), truncated: after.length > want, floor };
  }
}
