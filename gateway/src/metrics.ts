import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { subgraphFetchDuration } from '@shutter/runtime';
import type { GatewayContext } from './context.js';

/**
 * Times every fetch the gateway makes to a subgraph (in process or over HTTP), by subgraph and
 * outcome: `ok`, `graphql_error` (answered, with errors) or `failed` (no answer: refused, timed
 * out, a non-2xx status). One observation per fetch, whatever the query plan's size.
 */
export function measureFetches(
  subgraph: string,
  source: GraphQLDataSource<GatewayContext>,
): GraphQLDataSource<GatewayContext> {
  const ok = subgraphFetchDuration.series({ subgraph, outcome: 'ok' });
  const answeredWithErrors = subgraphFetchDuration.series({ subgraph, outcome: 'graphql_error' });
  const failed = subgraphFetchDuration.series({ subgraph, outcome: 'failed' });
  return {
    async process(options: GraphQLDataSourceProcessOptions<GatewayContext>) {
      const start = performance.now();
      try {
        const response = await source.process(options);
        (response.errors?.length ? answeredWithErrors : ok).observe((performance.now() - start) / 1_000);
        return response;
      } catch (error) {
        failed.observe((performance.now() - start) / 1_000);
        throw error;
      }
    },
  };
}
