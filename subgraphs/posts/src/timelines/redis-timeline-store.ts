import { failFastRedisOptions, FailFastRedis } from '@shutter/cache';
import { createClient, defineScript, type CommandParser, type RedisArgument } from 'redis';
import type { TimelineEntry, TimelineKey, TimelineSlice, TimelineStore } from './timeline-store.js';

/*
 * A timeline is one sorted set: members `<postId>:<authorId>` scored by createdAt in ms (equal scores
 * sort by member, i.e. by post id, as the posts query breaks ties), and the member `!` whose score is
 * the floor. One key per timeline, so an eviction (maxmemory) takes the entries and the floor
 * together and the timeline is simply missing. Entries always score above the floor, so `!` is the
 * lowest member.
 */
const FLOOR = '!';

// Adds entries above the floor (any while a rebuild runs), optionally setting the floor first (a
// rebuild completes: entries at or below it go), then trims to the cap: the newest dropped score becomes the floor and every entry at or below it goes.
// KEYS[1] timeline; ARGV: cap, floor to set ('' keeps it; then a missing timeline stays missing),
// then score, member pairs.
const ADD = `
local key = KEYS[1]
if ARGV[2] ~= '' then
  redis.call('ZREMRANGEBYSCORE', key, '-inf', ARGV[2])
  redis.call('ZADD', key, ARGV[2], '${FLOOR}')
end
local floor = redis.call('ZSCORE', key, '${FLOOR}')
if not floor then return 0 end
floor = tonumber(floor)
-- While a rebuild runs (floor +inf) everything is taken: the rebuild's floor sorts it out.
if floor == math.huge then floor = -math.huge end
for i = 3, #ARGV, 2 do
  if tonumber(ARGV[i]) > floor then redis.call('ZADD', key, ARGV[i], ARGV[i + 1]) end
end
local cap = tonumber(ARGV[1])
local n = redis.call('ZCARD', key) - 1
if n > cap then
  local newest_dropped = redis.call('ZRANGE', key, n - cap, n - cap, 'WITHSCORES')[2]
  redis.call('ZREMRANGEBYSCORE', key, '-inf', newest_dropped)
  redis.call('ZADD', key, newest_dropped, '${FLOOR}')
end
return 1`;

// The floor and up to ARGV[2] entries at or below score ARGV[1] and above the floor, newest first;
// nil when the timeline is missing.
const RANGE = `
local floor = redis.call('ZSCORE', KEYS[1], '${FLOOR}')
if not floor then return false end
return {floor, redis.call('ZRANGE', KEYS[1], ARGV[1], '(' .. floor, 'BYSCORE', 'REV', 'LIMIT', 0, ARGV[2], 'WITHSCORES')}`;

// Removes the members of one author (ARGV[1]); a timeline is at most the cap long.
const REMOVE_AUTHOR = `
local suffix = ':' .. ARGV[1]
local removed = 0
for _, member in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
  if string.sub(member, -#suffix) == suffix then
    redis.call('ZREM', KEYS[1], member)
    removed = removed + 1
  end
end
return removed`;

const script = <Args extends unknown[]>(SCRIPT: string, push: (parser: CommandParser, ...args: Args) => void) =>
  defineScript({
    NUMBER_OF_KEYS: 1,
    SCRIPT,
    parseCommand(parser: CommandParser, key: RedisArgument, ...args: Args) {
      parser.pushKey(key);
      push(parser, ...args);
    },
    // Replies are used as sent (numbers, arrays of strings).
    transformReply: undefined as unknown as () => unknown,
  });

const scripts = {
  timelineAdd: script(ADD, (parser: CommandParser, cap: number, floor: string, pairs: string[]) =>
    parser.push(String(cap), floor, ...pairs),
  ),
  timelineRange: script(RANGE, (parser: CommandParser, max: string, count: number) => parser.push(max, String(count))),
  timelineRemoveAuthor: script(REMOVE_AUTHOR, (parser: CommandParser, authorId: string) => parser.push(authorId)),
};

function connect(url: string) {
  return createClient({ ...failFastRedisOptions(url), scripts });
}

const score = (at: number): string => (at === Infinity ? '+inf' : at === -Infinity ? '-inf' : String(at));
const member = (entry: { postId: string; authorId: string }) => `${entry.postId}:${entry.authorId}`;
const pairs = (entries: readonly TimelineEntry[]) => entries.flatMap((e) => [score(e.at), member(e)]);

/** Entries at the key's own time that are not before it; the range asks for this many extra. */
const TIE_SLACK = 16;
/** Timelines per pipelined batch: node-redis refuses more than 10,000 queued commands. */
const BATCH = 1_000;

/**
 * Timelines on Redis (sorted sets, node-redis), shared by every replica of posts. Calls fail fast
 * while Redis is unreachable (FailFastRedis): the feed then reads the database, and the consumer's
 * event is retried.
 */
export class RedisTimelineStore implements TimelineStore {
  readonly kind = 'redis' as const;
  private readonly redis: FailFastRedis<ReturnType<typeof connect>>;

  constructor(
    url: string,
    private readonly cap: number,
    private readonly prefix = 'shutter:feed:',
  ) {
    this.redis = new FailFastRedis(() => connect(url), 'Redis timelines');
  }

  /** The Redis key of an account's timeline. */
  key(ownerId: string): string {
    return `${this.prefix}timeline:${ownerId}`;
  }

  async range(ownerId: string, before: TimelineKey | null, limit: number): Promise<TimelineSlice | null> {
    const count = limit + (before ? TIE_SLACK : 0);
    const reply = (await this.redis.call((client) =>
      client.timelineRange(this.key(ownerId), before ? String(before.at) : '+inf', count),
    )) as [string, string[]] | null;
    if (!reply) return null;
    const [floor, flat] = reply;
    const raw: TimelineEntry[] = [];
    for (let i = 0; i < flat.length; i += 2) {
      const [postId, authorId] = flat[i]!.split(':') as [string, string];
      raw.push({ postId, authorId, at: Number(flat[i + 1]) });
    }
    // Same time as the key: only ids below the key's come after it.
    const entries = before ? raw.filter((e) => e.at < before.at || e.postId < before.postId) : raw;
    return {
      entries: entries.slice(0, limit),
      truncated: raw.length >= count || entries.length > limit,
      floor: Number(floor === 'inf' ? Infinity : floor === '-inf' ? -Infinity : floor),
    };
  }

  async beginRebuild(ownerId: string): Promise<void> {
    await this.redis.call((client) => client.zAdd(this.key(ownerId), { score: Infinity, value: FLOOR }));
  }

  async completeRebuild(ownerId: string, entries: readonly TimelineEntry[], floor: number): Promise<void> {
    await this.redis.call((client) => client.timelineAdd(this.key(ownerId), this.cap, score(floor), pairs(entries)));
  }

  async add(ownerIds: readonly string[], entries: readonly TimelineEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const args = pairs(entries);
    for (let i = 0; i < ownerIds.length; i += BATCH) {
      const batch = ownerIds.slice(i, i + BATCH);
      // Calls made in the same tick are written together: one round trip per batch.
      await this.redis.call((client) =>
        Promise.all(batch.map((ownerId) => client.timelineAdd(this.key(ownerId), this.cap, '', args))),
      );
    }
  }

  async removePost(ownerIds: readonly string[], post: { postId: string; authorId: string }): Promise<void> {
    for (let i = 0; i < ownerIds.length; i += BATCH) {
      const batch = ownerIds.slice(i, i + BATCH);
      await this.redis.call((client) =>
        Promise.all(batch.map((ownerId) => client.zRem(this.key(ownerId), member(post)))),
      );
    }
  }

  async removeAuthor(ownerId: string, authorId: string): Promise<void> {
    await this.redis.call((client) => client.timelineRemoveAuthor(this.key(ownerId), authorId));
  }

  async drop(ownerId: string): Promise<void> {
    await this.redis.call((client) => client.del(this.key(ownerId)));
  }

  async ping(): Promise<void> {
    await this.redis.call((client) => client.ping());
  }

  close(): Promise<void> {
    return this.redis.close();
  }
}
