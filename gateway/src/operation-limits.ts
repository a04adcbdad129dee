import { HeaderMap, type ApolloServerPlugin } from '@apollo/server';
import { ErrorCode } from '@shutter/runtime';
import { GraphQLError, type DocumentNode, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import type { GatewayContext } from './context.js';
import { operationCost } from './operation-cost.js';
import type { RateLimitConfig } from './rate-limit-config.js';
import { chargesFor } from './rate-limit-plan.js';
import type { RateLimiter } from './rate-limiter.js';

/** RATE_LIMITED with when to retry, in the body and (HTTP 429) in a Retry-After header. */
export function rateLimited(retryAfterSeconds: number): GraphQLError {
  return new GraphQLError(`Too many requests. Try again in ${retryAfterSeconds} s.`, {
    extensions: {
      code: ErrorCode.RATE_LIMITED,
      retryAfterSeconds,
      http: { status: 429, headers: new HeaderMap([['retry-after', String(retryAfterSeconds)]]) },
    },
  });
}

function tooExpensive(maxCost: number, cost: number): GraphQLError {
  return new GraphQLError(`Query cost limit of ${maxCost} exceeded, found ${cost}.`, {
    extensions: { code: 'GRAPHQL_VALIDATION_FAILED', http: { status: 400 } },
  });
}

export interface OperationLimitsOptions {
  maxCost: number;
  rateLimits: { limiter: RateLimiter; config: RateLimitConfig } | null;
}

/** An operation, parsed, validated and chosen, with what its limits are checked against. */
export interface LimitedOperation {
  schema: GraphQLSchema;
  document: DocumentNode;
  operation: OperationDefinitionNode;
  variables: Record<string, unknown> | undefined;
  context: GatewayContext;
  /** Its cost, when known beforehand (an operation without variables always costs the same). */
  cost?: number | undefined;
}

/**
 * Checks an operation against MAX_QUERY_COST with its variables (graphql-armor's check during
 * validation reads only literal page sizes) and charges it to the rate limits: resolves when it is
 * within them, rejects with the GraphQL error to answer otherwise. Limits live in the gateway
 * because it is the one place that sees the client's address and the cost of the whole operation,
 * so every subgraph, present and future, is covered without code of its own.
 */
export function operationLimits(options: OperationLimitsOptions): (operation: LimitedOperation) => Promise<void> {
  const { maxCost, rateLimits } = options;
  return async ({ schema, document, operation, variables, context, cost: known }) => {
    const cost = known ?? operationCost(schema, document, operation, variables);
    if (cost > maxCost) throw tooExpensive(maxCost, cost);
    if (!rateLimits || context.live) return;
    const requester = { userId: context.viewer.userId, address: context.clientAddress };
    const charges = chargesFor({ operation, document, variables, requester, cost }, rateLimits.config);
    const refusal = await rateLimits.limiter.charge(charges);
    if (!refusal) return;
    context.logger.info(
      { limits: refusal.limits, retryAfterSeconds: refusal.retryAfterSeconds },
      'request rate limited',
    );
    throw rateLimited(refusal.retryAfterSeconds);
  };
}

const CHECKED = Symbol('operation limits checked');

/**
 * Checks the request's operation once: a request the gateway began answering directly
 * (direct-answers.ts) and then left to Apollo Server is not charged twice, and is refused with the
 * same error. One operation per context (batched requests are off).
 */
export function checkOnce(
  check: (operation: LimitedOperation) => Promise<void>,
  operation: LimitedOperation,
): Promise<void> {
  const context = operation.context as GatewayContext & { [CHECKED]?: Promise<void> };
  return (context[CHECKED] ??= check(operation));
}

/**
 * `operationLimits` once an operation is parsed, validated and chosen, and before the gateway plans
 * it (so a refused operation reaches no subgraph).
 */
export function operationLimitsPlugin(
  check: (operation: LimitedOperation) => Promise<void>,
): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, document, schema, request, contextValue }) {
          // No operation by that name: Apollo refuses the request next, before any subgraph is called.
          if (!operation) return;
          // A live update's context serves many operations: checked each time.
          const limited = { schema, document, operation, variables: request.variables, context: contextValue };
          await (contextValue.live ? check(limited) : checkOnce(check, limited));
        },
      };
    },
  };
}
