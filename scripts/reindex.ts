import { createLogger, runMain } from '@shutter/runtime';
import { postsEnv, reindexSearch } from '@shutter/posts';
import { processEnv } from '@shutter/subgraph-kit';

// `npm run reindex`: rebuilds the Elasticsearch indices from the posts database (its posts and its
// copy of accounts), e.g. after a mapping change or a lost index. Needs ELASTICSEARCH_URL and
// DATABASE_URL_POSTS.
await runMain(async () => {
  const config = postsEnv.load(processEnv(), { standalone: false });
  const logger = createLogger({ service: 'reindex', level: config.logLevel });
  if (!config.elasticsearch) throw new Error('ELASTICSEARCH_URL is not set: there is no index to rebuild.');
  const counts = await reindexSearch({ databaseUrl: config.databaseUrl, elasticsearch: config.elasticsearch });
  logger.info(counts, 'search indices rebuilt');
});
