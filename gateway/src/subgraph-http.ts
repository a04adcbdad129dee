import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { IDENTITY_HEADER } from '@shutter/runtime';
import { GraphQLError, type FormattedExecutionResult } from 'graphql';
import { Pool } from 'undici';
import type { GatewayContext } from './context.js';

/**
 * Calls a subgraph over HTTP with the gateway-signed identity: the path of a split deployment.
 *
 * A pool of kept-alive connections per subgraph (undici), one JSON body out and one in. Apollo's
 * RemoteGraphQLDataSource wraps each call in WHATWG fetch objects (a Request, Headers, a Response
 * stream) that cost more CPU than the call itself at the four calls a feed page makes; the issue 10
 * profile put the internal HTTP hops at a quarter of the gateway process's time.
 */
export class SubgraphHttpDataSource implements GraphQLDataSource<GatewayContext> {
  private readonly pool: Pool;
  private readonly path: string;

  constructor(private readonly url: string) {
    const target = new URL(url);
    this.path = `${target.pathname}${target.search}`;
    // Connections are made on demand and kept while requests flow. undici closes an idle one after
    // the server's Keep-Alive hint (the subgraphs': 65 s, KEEP_ALIVE_TIMEOUT_MS) less a margin, so
    // it never reuses a socket the subgraph is closing.
    this.pool = new Pool(target.origin);
  }

  async process({
    request,
    context,
  }: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<FormattedExecutionResult> {
    const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
    // Health checks and schema loading carry no viewer: the subgraph refuses them like any unsigned call.
    if ('viewer' in context) {
      headers[IDENTITY_HEADER] = context.identityToken();
      headers['x-request-id'] = context.viewer.requestId;
    }
    const { query, variables, operationName, extensions } = request;
    const response = await this.pool.request({
      method: 'POST',
      path: this.path,
      headers,
      body: JSON.stringify({ query, variables, operationName, extensions }),
    });
    const text = await response.body.text();
    if (response.statusCode < 200 || response.statusCode > 299) {
      // What Apollo's data source reports for a refused call; the gateway masks it for clients.
      throw new GraphQLError(`${response.statusCode} from subgraph at ${this.url}`, {
        extensions: {
          ...(response.statusCode === 401 ? { code: 'UNAUTHENTICATED' } : {}),
          ...(response.statusCode === 403 ? { code: 'FORBIDDEN' } : {}),
          response: { status: response.statusCode, body: text.slice(0, 1_000) },
        },
      });
    }
    const body: unknown = JSON.parse(text);
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw new Error(`Expected a JSON object from the subgraph at ${this.url}`);
    }
    return body as FormattedExecutionResult;
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}
