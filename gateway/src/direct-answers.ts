import type { IncomingMessage } from 'node:http';
import { operationFromDocument, type Operation, type Schema } from '@apollo/federation-internals';
import type {
  Experimental_DidResolveQueryPlanCallback,
  GraphQLDataSource,
  GraphQLDataSourceProcessOptions,
} from '@apollo/gateway';
import dataSourceTypes from '@apollo/gateway/dist/datasources/types.js';
import deepMergeModule from '@apollo/gateway/dist/utilities/deepMerge.js';
import opentelemetryModule from '@apollo/gateway/dist/utilities/opentelemetry.js';
import { annotateContext, observeOperation, type OperationNameLabels, type PlainOperation } from '@shutter/runtime';
import {
  getVariableValues,
  type DocumentNode,
  type FormattedExecutionResult,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { tracingActive } from '@shutter/telemetry';
import { LRUCache } from 'lru-cache';
import type { GatewayContext } from './context.js';
import { operationCost } from './operation-cost.js';
import { checkOnce, type LimitedOperation } from './operation-limits.js';
import { computeResponse } from './result-shaping.js';

/*
 * Most client operations a gateway serves need one subgraph: `me`, a profile, a post. For those,
 * Apollo Server's request pipeline and Apollo Gateway's executor around the one fetch (hashing the
 * text, a dozen plugin hooks, the operation context, the plan-cache key, tracing spans, response
 * objects) cost as much gateway CPU as the fetch itself (issue 10: 0.30 ms of 0.31 ms per `me`).
 *
 * A direct answer skips them, for an operation Apollo has already run once: when Apollo Gateway
 * resolves the plan of a query (after Apollo Server parsed and validated it, graphql-armor's rules
 * included) and that plan is a single fetch from one subgraph without entity requirements or
 * rewrites, the operation's text and name become a route. The next request with that text and
 * name is answered here: its variables coerced as the gateway does, the same context, the same
 * cost and rate-limit check (charged once even if the request ends up in Apollo Server), the
 * fetch through the same data source, the answer shaped by the same `computeResponse`, the access
 * log and the operation metric written as the plugins would. Anything else — a variable that does
 * not coerce, a refused limit, a subgraph error or failure, an answer whose shaping reports an
 * error, introspection, a request for the experimental query-plan header — is left to Apollo
 * Server, which answers it from the start; a query does not write, so running its fetch again
 * there changes nothing but the time it takes.
 */

type QueryPlan = Parameters<Experimental_DidResolveQueryPlanCallback>[0]['queryPlan'];
type FetchNode = Extract<NonNullable<QueryPlan['node']>, { kind: 'Fetch' }>;

const { deepMerge } = deepMergeModule as { deepMerge(target: object, source: unknown): object };

/** Apollo Gateway's tracer: a direct answer's spans are named and placed as its executor's are. */
const { tracer } = opentelemetryModule as unknown as {
  tracer: {
    startActiveSpan<T>(
      name: string,
      options: { attributes: Record<string, string> },
      run: (span: { end(): void }) => T,
    ): T;
  };
};

/** A query Apollo planned as one fetch from one subgraph. */
interface Route {
  schema: GraphQLSchema;
  document: DocumentNode;
  operation: OperationDefinitionNode;
  /** The same operation over Apollo Gateway's API schema: what `computeResponse` shapes with. */
  shaped: Operation;
  fetch: FetchNode;
  source: GraphQLDataSource<GatewayContext>;
  /** Its cost when it has no variables (then it never changes). */
  cost: number | undefined;
  /** The operation's name as the access log and the metrics label it. */
  name: string | undefined;
  label: string;
  /** Its spans' attributes, when tracing is on (as Apollo Gateway's executor sets them). */
  requestAttributes: Record<string, string>;
  fetchAttributes: Record<string, string>;
}

/** A route's key: an operation name is a GraphQL name, which never holds a newline. */
const keyOf = (query: string, operationName: string | undefined) => `${operationName ?? ''}\n${query}`;

/** Thrown by the introspection hook: such a query is Apollo Server's to answer. */
const INTROSPECTION = Symbol('introspection');

let answered = 0;

/** How many operations this process's gateways answered directly (for tests). */
export const gatewayDirectAnswers = (): number => answered;

export interface DirectAnswers {
  /** For ApolloGateway's `experimental_didResolveQueryPlan`: learns the routes. */
  learn: Experimental_DidResolveQueryPlanCallback;
  /** For `graphqlHttpHandler`'s `answerDirectly`. */
  answer(
    operation: PlainOperation,
    context: () => Promise<GatewayContext>,
    request: IncomingMessage,
  ): Promise<FormattedExecutionResult | undefined>;
  /** The schema changed: every route is planned again. */
  forget(): void;
}

export function directAnswers(options: {
  /** Apollo Gateway's API schema (federation-internals), as its executor shapes answers with. */
  apiSchema: () => Schema | undefined;
  limits: (operation: LimitedOperation) => Promise<void>;
  names: OperationNameLabels;
  /** False while stopping: Apollo Server refuses operations after its stop, as before. */
  serving: () => boolean;
}): DirectAnswers {
  // A route per distinct operation text and name, as Apollo Server's document store keeps.
  const routes = new LRUCache<string, Route>({ max: 1_000 });

  const learn: Experimental_DidResolveQueryPlanCallback = ({ queryPlan, serviceMap, requestContext }) => {
    const { request, document, operation, schema } = requestContext;
    const fetch = queryPlan.node;
    if (typeof request.query !== 'string' || !document || !operation || operation.operation !== 'query') return;
    if (fetch?.kind !== 'Fetch' || fetch.operationKind !== 'query' || fetch.requires || fetch.hasDefers) return;
    if (fetch.inputRewrites?.length || fetch.outputRewrites?.length || fetch.contextRewrites?.length) return;
    const source = serviceMap[fetch.serviceName];
    const apiSchema = options.apiSchema();
    if (!source || !apiSchema) return;
    const key = keyOf(request.query, request.operationName);
    if (routes.has(key)) return;
    const name = operation.name?.value;
    routes.set(key, {
      schema,
      document,
      operation,
      shaped: operationFromDocument(apiSchema, document, {
        ...(request.operationName ? { operationName: request.operationName } : {}),
        validate: false,
      }),
      fetch,
      cost: operation.variableDefinitions?.length ? undefined : operationCost(schema, document, operation),
      source: source as GraphQLDataSource<GatewayContext>,
      name,
      label: options.names.label(name),
      requestAttributes: name
        ? { operationName: name, 'graphql.operation.name': name, 'graphql.operation.type': 'query' }
        : { 'graphql.operation.type': 'query' },
      fetchAttributes: { service: fetch.serviceName },
    });
  };

  const answer: DirectAnswers['answer'] = async (plain, contextOf, request) => {
    const started = performance.now();
    const route = routes.get(keyOf(plain.query, plain.operationName));
    if (!route || !options.serving() || request.headers['apollo-query-plan-experimental'] !== undefined) {
      return undefined;
    }
    const { variables } = plain;
    const definitions = route.operation.variableDefinitions;
    if (definitions?.length && getVariableValues(route.schema, definitions, variables ?? {}).errors) return undefined;
    let context: GatewayContext;
    try {
      context = await contextOf();
      const { schema, document, operation, cost } = route;
      await checkOnce(options.limits, { schema, document, operation, variables, context, cost });
    } catch {
      // Apollo Server builds the same context (or meets the same error) and answers with it.
      return undefined;
    }
    if (!tracingActive()) return fetchAndShape(route, variables, context, started);
    return tracer.startActiveSpan('gateway.request', { attributes: route.requestAttributes }, (span) =>
      fetchAndShape(route, variables, context, started).finally(() => span.end()),
    );
  };

  const fetchAndShape = async (
    route: Route,
    variables: Record<string, unknown> | undefined,
    context: GatewayContext,
    started: number,
  ): Promise<FormattedExecutionResult | undefined> => {
    const response = await (
      tracingActive()
        ? tracer.startActiveSpan('gateway.fetch', { attributes: route.fetchAttributes }, (span) =>
            route.source.process(fetchOptions(route.fetch, variables, context)).finally(() => span.end()),
          )
        : route.source.process(fetchOptions(route.fetch, variables, context))
    ).catch(() => undefined);
    if (!response?.data || response.errors?.length) return undefined;
    const input = deepMerge(Object.create(null), response.data);
    let shaped: ReturnType<typeof computeResponse>;
    try {
      shaped = computeResponse(
        {
          operation: route.shaped,
          variables,
          input,
          introspectionHandling: () => {
            throw INTROSPECTION;
          },
        },
        route.operation,
      );
    } catch {
      // Introspection, or anything the shaping throws: Apollo Gateway's executor reports it as a
      // GraphQL error (the same computeResponse runs there).
      return undefined;
    }
    if (shaped.errors.length) return undefined;
    annotateContext(context, { operation: route.name ?? 'anonymous' });
    observeOperation('gateway', route.label, false, started);
    answered += 1;
    return { data: shaped.data ?? null };
  };

  return { learn, answer, forget: () => routes.clear() };
}

/** What Apollo Gateway's executor passes a data source for a root fetch (executeQueryPlan.js). */
function fetchOptions(
  fetch: FetchNode,
  provided: Record<string, unknown> | undefined,
  context: GatewayContext,
): GraphQLDataSourceProcessOptions<GatewayContext> {
  const variables = Object.create(null) as Record<string, unknown>;
  for (const name of fetch.variableUsages ?? []) {
    if (provided && Object.hasOwn(provided, name) && provided[name] !== undefined) variables[name] = provided[name];
  }
  return {
    kind: dataSourceTypes.GraphQLDataSourceRequestKind.INCOMING_OPERATION,
    request: { query: fetch.operation, variables, operationName: fetch.operationName },
    // Shutter's data sources read only the request and the context; there is no Apollo request
    // context for a direct answer.
    incomingRequestContext: undefined as never,
    context,
    ...(fetch.operationDocumentNode ? { document: fetch.operationDocumentNode } : {}),
    pathInIncomingRequest: [],
  };
}
