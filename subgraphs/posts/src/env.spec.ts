import { describe, expect, it } from '@jest/globals';
import { env } from './env.js';

const base = {
  DATABASE_URL_POSTS: 'postgresql://shutter@127.0.0.1:5432/shutter_posts',
  INTERNAL_IDENTITY_SECRET: 'a'.repeat(64),
};
const production = { ...base, NODE_ENV: 'production', KAFKA_BROKERS: 'kafka:9092' };

describe('the posts environment', () => {
  it('defaults the home feed to 10000 followers for fan-out and 800 entries per timeline, in memory', () => {
    const config = env.load(base, { standalone: true });
    expect(config.feed).toEqual({ maxFollowers: 10_000, timelineLength: 800 });
    expect(config.redisUrl).toBeUndefined();
  });

  it('requires REDIS_URL for a production container (replicas share timelines), not in process', () => {
    expect(() => env.load(production, { standalone: true })).toThrow(/REDIS_URL: is required when NODE_ENV=production/);
    expect(env.load(production, { standalone: false }).redisUrl).toBeUndefined();
    expect(env.load({ ...production, REDIS_URL: 'redis://redis:6379' }, { standalone: true }).redisUrl).toBe(
      'redis://redis:6379',
    );
  });

  it('names a bad feed setting', () => {
    expect(() => env.load({ ...base, FEED_TIMELINE_LENGTH: '5' }, { standalone: true })).toThrow(
      /FEED_TIMELINE_LENGTH/,
    );
    expect(() => env.load({ ...base, FEED_FANOUT_MAX_FOLLOWERS: '-1' }, { standalone: true })).toThrow(
      /FEED_FANOUT_MAX_FOLLOWERS/,
    );
    expect(() => env.load({ ...base, REDIS_URL: 'http://redis' }, { standalone: true })).toThrow(/REDIS_URL/);
    expect(env.load({ ...base, FEED_FANOUT_MAX_FOLLOWERS: '0' }, { standalone: true }).feed.maxFollowers).toBe(0);
  });
});
