import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer, type BaseContext } from '@apollo/server';
import { LRUCache } from 'lru-cache';
import Negotiator from 'negotiator';
import type { Logger } from 'pino';
import { ErrorCode } from './errors.js';
import { MAX_BATCH } from './identity.js';

/** An HTTP error answered the way GraphQL errors are: a JSON body with a stable code, never a stack. */
export const httpErrorBody = (message: string, code: string) => ({ errors: [{ message, extensions: { code } }] });

export interface GraphQLHttpOptions<TContext extends BaseContext> {
  /** Bodies larger than this are refused with 413 before they are read in full. */
  bodyLimitBytes: number;
  /**
   * Decides from the headers alone, before the body is read: the request's context, or the answer
   * that refuses it.
   */
  admit(
    request: IncomingMessage,
    response: ServerResponse,
  ): { context: () => Promise<TContext> } | { status: number; body: object };
  logger: Logger;
  /**
   * Answers a plain operation (a POST of JSON, for a response type Apollo Server offers, no
   * extensions) without Apollo Server's request pipeline, or returns undefined to leave it to Apollo
   * Server, which then builds its own context from `context`. `request`: for its headers (the body
   * is already read).
   */
  answerDirectly?(
    operation: PlainOperation,
    context: () => Promise<TContext>,
    request: IncomingMessage,
  ): Promise<object | undefined>;
  /**
   * Answers a POST whose body is a JSON array (a batched call, ADR 0029): one result per item, in
   * order. Without it, Apollo Server answers such a body (and refuses it: batching is off there).
   */
  answerBatch?(items: unknown[], request: IncomingMessage, response: ServerResponse): Promise<object[]>;
}

/** One operation as a GraphQL-over-HTTP POST carries it, already checked for shape. */
export interface PlainOperation {
  query: string;
  operationName?: string;
  variables?: Record<string, unknown>;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

// Apollo Server's media types for a single result (its MEDIA_TYPES, which it does not export), in the
// order it offers them to the client's accept header.
const APPLICATION_JSON = 'application/json; charset=utf-8';
const GRAPHQL_RESPONSE_JSON = 'application/graphql-response+json; charset=utf-8';
const OFFERED = [APPLICATION_JSON, GRAPHQL_RESPONSE_JSON, 'application/json; callbackSpec=1.0; charset=utf-8'];
const answerTypes = new LRUCache<string, { type: string | null }>({ max: 100 });

/**
 * The content type Apollo Server would answer a single result with, for this accept header: its
 * choice, made with the same negotiator, once per distinct header (a caller sends the same one on
 * every request; negotiating each was 2–4 % of a subgraph's CPU, issue 10). Null: Apollo's to answer.
 */
function answerType(accept: string | undefined): string | null {
  if (!accept) return APPLICATION_JSON;
  let cached = answerTypes.get(accept);
  if (!cached) {
    const preferred = new Negotiator({ headers: { accept } }).mediaType(OFFERED);
    cached = { type: preferred === APPLICATION_JSON || preferred === GRAPHQL_RESPONSE_JSON ? preferred : null };
    answerTypes.set(accept, cached);
  }
  return cached.type;
}

/**
 * The operation of a request `answerDirectly` may take: everything else (extensions such as
 * persisted queries, a malformed field) is Apollo Server's to answer.
 */
function plainOperation(body: unknown): PlainOperation | undefined {
  if (!isPlainObject(body) || typeof body.query !== 'string') return undefined;
  const { query, operationName, variables, extensions } = body;
  if (operationName != null && typeof operationName !== 'string') return undefined;
  if (variables != null && !isPlainObject(variables)) return undefined;
  if (extensions != null && !(isPlainObject(extensions) && Object.keys(extensions).length === 0)) return undefined;
  return {
    query,
    ...(typeof operationName === 'string' ? { operationName } : {}),
    ...(variables ? { variables: variables as Record<string, unknown> } : {}),
  };
}

class HttpRefusal extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;
const CHARSET = /;\s*charset\s*=\s*"?([\w-]+)"?/i;
const UNSUPPORTED_BODY = 'The request body has an unsupported encoding or charset.';

/**
 * Serves one Apollo Server at a path with Node's own HTTP server: no express, no body-parser
 * middleware chain. Each subgraph call of the gateway goes through here (issue 10: the four internal
 * hops of a feed page cost a quarter of the CPU, express and body-parser a good part of it). Same
 * answers as the express integration: Apollo's for everything GraphQL, JSON errors for bodies that
 * are too large (413), malformed (400) or in an encoding or charset we do not read (415).
 */
export function graphqlHttpHandler<TContext extends BaseContext>(
  apollo: ApolloServer<TContext>,
  options: GraphQLHttpOptions<TContext>,
): (request: IncomingMessage, response: ServerResponse) => void {
  const send = (response: ServerResponse, status: number, body: object, type = APPLICATION_JSON) => {
    const text = JSON.stringify(body);
    response.writeHead(status, {
      'content-type': type,
      'content-length': Buffer.byteLength(text),
    });
    response.end(text);
  };

  const readBody = (request: IncomingMessage): Promise<string | undefined> => {
    const encoding = (request.headers['content-encoding'] ?? 'identity').toLowerCase();
    if (encoding !== 'identity') throw new HttpRefusal(415, UNSUPPORTED_BODY, 'BAD_REQUEST');
    const type = request.headers['content-type'];
    const charset = type ? CHARSET.exec(type)?.[1]?.toLowerCase() : undefined;
    if (charset && charset !== 'utf-8' && charset !== 'utf8')
      throw new HttpRefusal(415, UNSUPPORTED_BODY, 'BAD_REQUEST');
    if (Number(request.headers['content-length'] ?? 0) > options.bodyLimitBytes) throw tooLarge(options.bodyLimitBytes);
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      request.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > options.bodyLimitBytes) {
          reject(tooLarge(options.bodyLimitBytes));
          request.removeAllListeners('data');
          request.resume();
          return;
        }
        chunks.push(chunk);
      });
      request.on('end', () => resolve((chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)).toString('utf8')));
      request.on('error', reject);
    });
  };

  const parseBody = async (request: IncomingMessage): Promise<unknown> => {
    if (request.method !== 'POST') return undefined;
    const raw = await readBody(request);
    // Like express.json: only a JSON content type is parsed; Apollo answers anything else with 400.
    if (!JSON_TYPE.test(request.headers['content-type'] ?? '')) return undefined;
    if (!raw) return {};
    try {
      return JSON.parse(raw) as unknown;
    } catch {
      throw new HttpRefusal(400, 'The request body is not valid JSON.', 'BAD_REQUEST');
    }
  };

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const admitted = options.admit(request, response);
    if ('status' in admitted) {
      // Refused before the body is read; the connection closes rather than draining an unread body.
      if (request.headers['content-length'] !== '0') response.setHeader('connection', 'close');
      send(response, admitted.status, admitted.body);
      return;
    }
    let body: unknown;
    try {
      body = await parseBody(request);
    } catch (error) {
      if (!(error instanceof HttpRefusal)) throw error;
      if (error.status === 413) response.setHeader('connection', 'close');
      send(response, error.status, httpErrorBody(error.message, error.code));
      return;
    }
    if (options.answerBatch && Array.isArray(body)) {
      if (body.length === 0 || body.length > MAX_BATCH) {
        send(
          response,
          400,
          httpErrorBody(`A batch carries 1 to ${MAX_BATCH} operations (this one: ${body.length}).`, 'BAD_REQUEST'),
        );
        return;
      }
      send(response, 200, await options.answerBatch(body, request, response));
      return;
    }
    if (options.answerDirectly && request.method === 'POST') {
      const type = answerType(request.headers.accept);
      const operation = type ? plainOperation(body) : undefined;
      const result = operation && (await options.answerDirectly(operation, admitted.context, request));
      if (result) {
        send(response, 200, result, type!);
        return;
      }
    }
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(request.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    const url = request.url ?? '';
    const query = url.indexOf('?');
    const answer = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: {
        method: (request.method ?? 'GET').toUpperCase(),
        headers,
        search: query >= 0 ? url.slice(query) : '',
        body,
      },
      context: admitted.context,
    });
    for (const [key, value] of answer.headers) response.setHeader(key, value);
    response.statusCode = answer.status ?? 200;
    if (answer.body.kind === 'complete') {
      response.setHeader('content-length', Buffer.byteLength(answer.body.string));
      response.end(answer.body.string);
      return;
    }
    for await (const chunk of answer.body.asyncIterator) response.write(chunk);
    response.end();
  };

  return (request, response) => {
    handle(request, response).catch((error: unknown) => {
      options.logger.error({ err: error, path: request.url }, 'unexpected error outside GraphQL');
      if (response.headersSent) response.destroy();
      else send(response, 500, httpErrorBody('Internal server error', ErrorCode.INTERNAL_SERVER_ERROR));
    });
  };
}

function tooLarge(limit: number) {
  return new HttpRefusal(413, `The request body is larger than ${limit} bytes.`, 'PAYLOAD_TOO_LARGE');
}
