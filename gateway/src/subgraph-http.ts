import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { IDENTITY_HEADER } from '@shutter/runtime';
import { GraphQLError, type FormattedExecutionResult } from 'graphql';
import { Pool, type Dispatcher } from 'undici';
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
    const { status, text } = await this.post(
      headers,
      extensions
        ? JSON.stringify({ query, variables, operationName, extensions })
        : `${this.bodyStart(query, operationName)}${JSON.stringify(variables ?? {})}}`,
    );
    if (status < 200 || status > 299) {
      // What Apollo's data source reports for a refused call; the gateway masks it for clients.
      throw new GraphQLError(`${status} from subgraph at ${this.url}`, {
        extensions: {
          ...(status === 401 ? { code: 'UNAUTHENTICATED' } : {}),
          ...(status === 403 ? { code: 'FORBIDDEN' } : {}),
          response: { status, body: text.slice(0, 1_000) },
        },
      });
    }
    const body: unknown = JSON.parse(text);
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw new Error(`Expected a JSON object from the subgraph at ${this.url}`);
    }
    return body as FormattedExecutionResult;
  }

  /**
   * One POST and its whole answer, through undici's `dispatch` with a handler that keeps the
   * chunks: `request` wraps every answer in a Readable stream and its consumers, ~6 µs more client
   * CPU per call (a loopback micro-benchmark, 20 concurrent calls, three runs each: 22–28 against
   * 17–20 µs), a twentieth of what the gateway spends on a `me`.
   */
  private post(headers: Record<string, string>, body: string): Promise<{ status: number; text: string }> {
    return new Promise((resolve, reject) => {
      this.pool.dispatch({ method: 'POST', path: this.path, headers, body }, new Answer(resolve, reject));
    });
  }

  /**
   * `{"query":…,"operationName":…,"variables":` per operation, its text escaped once rather than on
   * every call. Keyed by the operation's text, a string the query plan holds (its hash is cached).
   */
  private readonly bodyStarts = new Map<string | undefined, Map<string | undefined, string>>();

  private bodyStart(query: string | undefined, operationName: string | undefined): string {
    let byName = this.bodyStarts.get(query);
    if (!byName) {
      // The operations a gateway sends are its query plans' fetches: bounded by its plan cache.
      if (this.bodyStarts.size >= 2_000) this.bodyStarts.clear();
      byName = new Map();
      this.bodyStarts.set(query, byName);
    }
    let start = byName.get(operationName);
    if (start === undefined) {
      const parts = [
        ...(query === undefined ? [] : [`"query":${JSON.stringify(query)}`]),
        ...(operationName === undefined ? [] : [`"operationName":${JSON.stringify(operationName)}`]),
        '"variables":',
      ];
      start = `{${parts.join(',')}`;
      byName.set(operationName, start);
    }
    return start;
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}

/** Collects one answer: its status and its body as text (a class: no closures per call). */
class Answer implements Dispatcher.DispatchHandler {
  private status = 0;
  private readonly chunks: Buffer[] = [];

  constructor(
    private readonly resolve: (answer: { status: number; text: string }) => void,
    private readonly reject: (error: Error) => void,
  ) {}

  // Present so undici takes this for its current handler interface (it checks for this method).
  onRequestStart(): void {}

  onResponseStart(_controller: Dispatcher.DispatchController, status: number): void {
    this.status = status;
  }

  onResponseData(_controller: Dispatcher.DispatchController, chunk: Buffer): void {
    this.chunks.push(chunk);
  }

  onResponseEnd(): void {
    const { chunks } = this;
    const text = chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8');
    this.resolve({ status: this.status, text });
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    this.reject(error);
  }
}
