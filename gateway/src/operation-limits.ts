import { HeaderMap, type ApolloServerPlugin } from '@apollo/server';
import { ErrorCode } from '@shutter/runtime';
import { GraphQLError } from 'graphql';
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

/**
 * Once an operation is parsed, validated and chosen, and before the gateway plans it (so a refused
 * operation reaches no subgraph): its cost with its variables must be within MAX_QUERY_COST
 * (graphql-armor's check during validation reads only literal page sizes), and it is charged to
 * the rate limits. Limits live here because the gateway is the one place that sees the client's
 * address and the cost of the whole operation, so every subgraph, present and future, is covered
 * without code of its own.
 */
export function operationLimitsPlugin(options: {
  maxCost: number;
  rateLimits: { limiter: RateLimiter; config: RateLimitConfig } | null;
}): ApolloServerPlugin<GatewayContext> {
  const { maxCost, rateLimits } = options;
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, document, schema, request, contextValue }) {
          // No operation by that name: Apollo refuses the request next, before any subgraph is called.
          if (!operation) return;
          const cost = operationCost(schema, document, operation, request.variables);
          if (cost > maxCost) throw tooExpensive(maxCost, cost);
          if (!rateLimits || contextValue.live) return;
          const requester = { userId: contextValue.viewer.userId, address: contextValue.clientAddress };
          const charges = chargesFor(
            { operation, document, variables: request.variables, requester, cost },
            rateLimits.config,
          );
          const refusal = await rateLimits.limiter.charge(charges);
          if (!refusal) return;
          contextValue.logger.info(
            { limits: refusal.limits, retryAfterSeconds: refusal.retryAfterSeconds },
            'request rate limited',
          );
          throw rateLimited(refusal.retryAfterSeconds);
        },
      };
    },
  };
}
