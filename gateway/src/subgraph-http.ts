import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { BATCH_IDENTITY, IDENTITY_HEADER, MAX_BATCH } from '@shutter/runtime';
import { tracingActive } from '@shutter/telemetry';
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
 *
 * Batching (ADR 0029): the calls to one subgraph that requests start within one turn of the event
 * loop go out as one POST of a JSON array, each operation with its own signed identity and request
 * id in its extensions; the subgraph answers an array in the same order. Under load most calls
 * share a turn with others (a `me` load: four in five calls, in turns of up to 20), and the HTTP
 * exchange, not the operation, was most of a call's cost on both sides. A call alone in its turn
 * goes out as before. Off while tracing (each call's span and `traceparent` stay its own).
 */
export class SubgraphHttpDataSource implements GraphQLDataSource<GatewayContext> {
  private readonly pool: Pool;
  private readonly path: string;
  private readonly batching: boolean;
  /** Calls waiting for this turn's batch. */
  private waiting: Waiting[] = [];

  constructor(
    private readonly url: string,
    options: { batching?: boolean } = {},
  ) {
    const target = new URL(url);
    this.path = `${target.pathname}${target.search}`;
    this.batching = options.batching ?? false;
    // Connections are made on demand and kept while requests flow. undici closes an idle one after
    // the server's Keep-Alive hint (the subgraphs': 65 s, KEEP_ALIVE_TIMEOUT_MS) less a margin, so
    // it never reuses a socket the subgraph is closing.
    this.pool = new Pool(target.origin);
  }

  process({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<FormattedExecutionResult> {
    const { query, variables, operationName, extensions } = request;
    // Health checks and schema loading carry no viewer: the subgraph refuses them like any unsigned call.
    if (!('viewer' in context)) return this.single(JSON_HEADERS, JSON.stringify({ query, variables, operationName }));
    const identity = context.identityToken();
    const { requestId } = context.viewer;
    if (extensions || !this.batching || tracingActive()) {
      return this.single(
        { ...JSON_HEADERS, [IDENTITY_HEADER]: identity, 'x-request-id': requestId },
        extensions
          ? JSON.stringify({ query, variables, operationName, extensions })
          : `${this.bodyStart(query, operationName)}${JSON.stringify(variables ?? {})}}`,
      );
    }
    return new Promise((resolve, reject) => {
      this.waiting.push({ query, operationName, variables, identity, requestId, resolve, reject });
      if (this.waiting.length === 1) setImmediate(this.flush);
    });
  }

  /**
   * Sends this turn's calls: alone as before, or together, in batches of at most MAX_BATCH
   * operations and BATCH_CHARS characters (a batch stays well under the subgraph's 1 MiB body limit
   * even when every character takes three bytes; an operation as large as that limit goes alone).
   */
  private readonly flush = (): void => {
    const calls = this.waiting;
    this.waiting = [];
    if (calls.length === 1) {
      // Settled by alone; nothing else is waiting for this.
      this.alone(calls[0]!).catch(() => undefined);
      return;
    }
    let group: Waiting[] = [];
    let items: string[] = [];
    let size = 0;
    const send = () => {
      // Each call's promise is settled by alone/together; nothing else is waiting for these.
      (group.length === 1 ? this.alone(group[0]!) : this.together(group, items)).catch(() => undefined);
      group = [];
      items = [];
      size = 0;
    };
    for (const call of calls) {
      const item = `${this.bodyStart(call.query, call.operationName)}${JSON.stringify(call.variables ?? {})},"extensions":{"${BATCH_IDENTITY}":${JSON.stringify(call.identity)},"requestId":${JSON.stringify(call.requestId)}}}`;
      if (group.length > 0 && (group.length === MAX_BATCH || size + item.length > BATCH_CHARS)) send();
      group.push(call);
      items.push(item);
      size += item.length + 1;
    }
    if (group.length > 0) send();
  };

  private async alone(call: Waiting): Promise<void> {
    try {
      call.resolve(
        await this.single(
          { ...JSON_HEADERS, [IDENTITY_HEADER]: call.identity, 'x-request-id': call.requestId },
          `${this.bodyStart(call.query, call.operationName)}${JSON.stringify(call.variables ?? {})}}`,
        ),
      );
    } catch (error) {
      call.reject(error as Error);
    }
  }

  private async together(calls: Waiting[], items: string[]): Promise<void> {
    try {
      batches += 1;
      // The header's identity lets the subgraph's signature check admit the request; each
      // operation runs as the viewer its own identity names.
      const answer = await this.send(
        { ...JSON_HEADERS, [IDENTITY_HEADER]: calls[0]!.identity, 'x-request-id': calls[0]!.requestId },
        `[${items.join(',')}]`,
      );
      if (!Array.isArray(answer) || answer.length !== calls.length || !answer.every(isObject)) {
        throw new Error(`Expected an array of ${calls.length} JSON objects from the subgraph at ${this.url}`);
      }
      calls.forEach((call, index) => call.resolve(answer[index] as FormattedExecutionResult));
    } catch (error) {
      for (const call of calls) call.reject(error as Error);
    }
  }

  /** One operation in one POST. */
  private async single(headers: Record<string, string>, body: string): Promise<FormattedExecutionResult> {
    const answer = await this.send(headers, body);
    if (!isObject(answer)) throw new Error(`Expected a JSON object from the subgraph at ${this.url}`);
    return answer as FormattedExecutionResult;
  }

  /** A POST and its parsed answer; a status other than 2xx is an error, as Apollo's data source reports it. */
  private async send(headers: Record<string, string>, body: string): Promise<unknown> {
    const { status, text } = await this.post(headers, body);
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
    return JSON.parse(text) as unknown;
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

let batches = 0;

/** How many batched calls this process's gateways sent (for tests). */
export const gatewaySubgraphBatches = (): number => batches;

/** Most characters of operations one batched POST carries (see flush). */
const BATCH_CHARS = 256 * 1024;

const JSON_HEADERS = { 'content-type': 'application/json', accept: 'application/json' };

const isObject = (value: unknown): boolean => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A call waiting for its turn's batch. */
interface Waiting {
  query: string | undefined;
  operationName: string | undefined;
  variables: Record<string, unknown> | undefined;
  identity: string;
  requestId: string;
  resolve(result: FormattedExecutionResult): void;
  reject(error: Error): void;
}
