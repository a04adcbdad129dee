import { join } from 'node:path';
import { redisUrl, repoRoot } from '@shutter/runtime';
import { subgraphEnv } from '@shutter/subgraph-kit';
import { z } from 'zod';
import { DEFAULT_MEDIA_LIMITS } from './services/media.js';

// The only reader of configuration in this subgraph: the kit's variables plus media storage, search and
// the home feed's timelines.
export const env = subgraphEnv({
  name: 'posts',
  defaultPort: 4004,
  shape: {
    /** Local media storage (the embedded default): where files go and the URL clients reach them at. */
    MEDIA_DIR: z.string().default(join(repoRoot, '.shutter', 'media')),
    MEDIA_PUBLIC_URL: z.url().optional(),
    /** Image limits createPost enforces (from the file's header): width or height, and width × height. */
    MEDIA_MAX_IMAGE_SIDE: z.coerce
      .number()
      .int()
      .min(1)
      .max(2 ** 31 - 1)
      .default(DEFAULT_MEDIA_LIMITS.maxImageSide),
    MEDIA_MAX_IMAGE_PIXELS: z.coerce.number().int().min(1).default(DEFAULT_MEDIA_LIMITS.maxImagePixels),
    /** S3 media storage: set S3_BUCKET to use it. */
    S3_BUCKET: z.string().min(3).optional(),
    S3_REGION: z.string().default('us-east-1'),
    S3_ENDPOINT: z.url().optional(),
    S3_PUBLIC_ENDPOINT: z.url().optional(),
    S3_ACCESS_KEY_ID: z.string().optional(),
    S3_SECRET_ACCESS_KEY: z.string().optional(),
    S3_FORCE_PATH_STYLE: z.enum(['true', 'false']).optional(),
    S3_CREATE_BUCKET: z.enum(['true', 'false']).default('false'),
    /** Elasticsearch for search; unset → PostgreSQL full-text search. */
    ELASTICSEARCH_URL: z.url().optional(),
    ELASTICSEARCH_INDEX_PREFIX: z
      .string()
      .regex(/^[a-z0-9][a-z0-9_-]*$/, 'must be lower-case letters, digits, - and _')
      .default('shutter'),
    /** Home-feed timelines on Redis (replicas share them); unset → process memory (the embedded default). */
    REDIS_URL: redisUrl().optional(),
    /** Authors with more followers than this get no fan-out: their posts are merged into feeds when read. */
    FEED_FANOUT_MAX_FOLLOWERS: z.coerce.number().int().min(0).default(10_000),
    /** Entries each home-feed timeline keeps; older pages are read from the database. */
    FEED_TIMELINE_LENGTH: z.coerce.number().int().min(10).max(100_000).default(800),
  },
  config: (env) => ({
    mediaDir: env.MEDIA_DIR,
    mediaPublicUrl: env.MEDIA_PUBLIC_URL,
    mediaLimits: { maxImageSide: env.MEDIA_MAX_IMAGE_SIDE, maxImagePixels: env.MEDIA_MAX_IMAGE_PIXELS },
    s3: env.S3_BUCKET
      ? {
          bucket: env.S3_BUCKET,
          region: env.S3_REGION,
          endpoint: env.S3_ENDPOINT,
          publicEndpoint: env.S3_PUBLIC_ENDPOINT,
          accessKeyId: env.S3_ACCESS_KEY_ID,
          secretAccessKey: env.S3_SECRET_ACCESS_KEY,
          // S3-compatible servers usually want path-style addressing.
          forcePathStyle: env.S3_FORCE_PATH_STYLE ? env.S3_FORCE_PATH_STYLE === 'true' : !!env.S3_ENDPOINT,
          createBucket: env.S3_CREATE_BUCKET === 'true',
        }
      : null,
    elasticsearch: env.ELASTICSEARCH_URL
      ? { url: env.ELASTICSEARCH_URL, indexPrefix: env.ELASTICSEARCH_INDEX_PREFIX }
      : null,
    redisUrl: env.REDIS_URL,
    feed: { maxFollowers: env.FEED_FANOUT_MAX_FOLLOWERS, timelineLength: env.FEED_TIMELINE_LENGTH },
  }),
  // Replicas in their own containers must share the timelines, or each would keep its own.
  requiredInProduction: ['REDIS_URL'],
});

export type PostsConfig = ReturnType<typeof env.load>;
