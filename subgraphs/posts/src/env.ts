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
    MEDIA_DIR: z
      .string()
      .default(join(repoRoot, '.shutter', 'media'))
      .meta({
        description: 'local media storage (the embedded default, no `S3_BUCKET`): where uploaded files are kept',
        shownDefault: '`.shutter/media`',
      }),
    MEDIA_PUBLIC_URL: z.url().optional().meta({
      description:
        'local media storage: the base URL clients reach the posts subgraph’s media routes at (behind a proxy)',
      shownDefault: 'the subgraph’s own URL',
    }),
    MEDIA_MAX_IMAGE_SIDE: z.coerce
      .number()
      .int()
      .min(1)
      .max(2 ** 31 - 1)
      .default(DEFAULT_MEDIA_LIMITS.maxImageSide)
      .describe('largest width or height createPost accepts for an image (from its header)'),
    MEDIA_MAX_IMAGE_PIXELS: z.coerce
      .number()
      .int()
      .min(1)
      .default(DEFAULT_MEDIA_LIMITS.maxImagePixels)
      .describe('largest width × height createPost accepts for an image (what every viewer must decode)'),
    S3_BUCKET: z
      .string()
      .min(3)
      .optional()
      .meta({ description: 'media in this S3 bucket instead of `MEDIA_DIR`', shownDefault: 'unset (local disk)' }),
    S3_REGION: z.string().default('us-east-1').describe('the bucket’s region'),
    S3_ENDPOINT: z
      .url()
      .optional()
      .meta({ description: 'an S3-compatible server (MinIO, …) instead of AWS', shownDefault: 'AWS' }),
    S3_PUBLIC_ENDPOINT: z.url().optional().meta({
      description: 'the endpoint clients reach for pre-signed URLs, when it differs from `S3_ENDPOINT` (compose)',
      shownDefault: '`S3_ENDPOINT`',
    }),
    S3_ACCESS_KEY_ID: z.string().optional().meta({
      description: 'S3 credentials; unset: the AWS SDK’s default chain (instance role, …)',
      group: '`S3_ACCESS_KEY_ID`, `S3_SECRET_ACCESS_KEY`',
    }),
    S3_SECRET_ACCESS_KEY: z.string().optional().meta({
      description: 'S3 credentials; unset: the AWS SDK’s default chain (instance role, …)',
      group: '`S3_ACCESS_KEY_ID`, `S3_SECRET_ACCESS_KEY`',
    }),
    S3_FORCE_PATH_STYLE: z
      .enum(['true', 'false'])
      .optional()
      .meta({
        description: 'path-style bucket addressing (what S3-compatible servers usually want)',
        shownDefault: '`true` with `S3_ENDPOINT`, else `false`',
      }),
    S3_CREATE_BUCKET: z
      .enum(['true', 'false'])
      .default('false')
      .describe('`true`: create the bucket at start-up if it is missing (development, tests)'),
    ELASTICSEARCH_URL: z.url().optional().meta({
      description: 'Elasticsearch for search (`npm run reindex` fills it); unset: PostgreSQL full-text search',
      shownDefault: 'unset (PostgreSQL)',
    }),
    ELASTICSEARCH_INDEX_PREFIX: z
      .string()
      .regex(/^[a-z0-9][a-z0-9_-]*$/, 'must be lower-case letters, digits, - and _')
      .default('shutter')
      .describe('prefix of the search indices (`<prefix>-posts`, …), for environments sharing one cluster'),
    REDIS_URL: redisUrl().optional().meta({
      description: 'home-feed timelines shared by replicas (unset: bounded process memory); required in production',
      shownDefault: 'unset (memory)',
    }),
    FEED_FANOUT_MAX_FOLLOWERS: z.coerce
      .number()
      .int()
      .min(0)
      .default(10_000)
      .describe(
        'authors with more followers get no fan-out into timelines: their posts are merged into home feeds when read (see [Home feed](#home-feed))',
      ),
    FEED_TIMELINE_LENGTH: z.coerce
      .number()
      .int()
      .min(10)
      .max(100_000)
      .default(800)
      .describe('posts each home-feed timeline keeps (10..100000); older pages are read from the database'),
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
