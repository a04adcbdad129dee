import { createLogger, runMain } from '@shutter/runtime';
import { createPostsPrisma, ElasticsearchSearch, loadPostsConfig } from '@shutter/posts';

// `npm run reindex`: rebuilds the Elasticsearch indices from the posts database (its posts and its
// copy of accounts), e.g. after a mapping change or a lost index. Needs ELASTICSEARCH_URL and
// DATABASE_URL_POSTS.
await runMain(async () => {
  const config = loadPostsConfig();
  const logger = createLogger({ service: 'reindex', level: config.logLevel });
  if (!config.elasticsearch) throw new Error('ELASTICSEARCH_URL is not set: there is no index to rebuild.');
  const prisma = createPostsPrisma(config.databaseUrl);
  const search = new ElasticsearchSearch(config.elasticsearch.url, config.elasticsearch.indexPrefix, prisma);
  try {
    const counts = await search.reindex();
    logger.info(counts, 'search indices rebuilt');
  } finally {
    await search.close();
    await prisma.$disconnect();
  }
});
