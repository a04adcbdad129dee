import { describe, expect, it } from '@jest/globals';
import type { GraphQLDataSource } from '@apollo/gateway';
import { metricsText } from '@shutter/runtime';
import { metricSum, parseMetrics } from '@shutter/testing/unit';
import type { GatewayContext } from './context.js';
import { measureFetches } from './metrics.js';

const source = (process: GraphQLDataSource<GatewayContext>['process']): GraphQLDataSource<GatewayContext> => ({
  process,
});
const options = { request: { query: '{ me { id } }' }, context: {} } as unknown as Parameters<
  GraphQLDataSource<GatewayContext>['process']
>[0];

describe(measureFetches.name, () => {
  it('times each subgraph fetch by subgraph and outcome, and passes answers and failures through', async () => {
    const ok = measureFetches(
      'spec-ok',
      source(async () => ({ data: { me: null } })),
    );
    const erring = measureFetches(
      'spec-err',
      source(async () => ({ errors: [{ message: 'nope' }] })),
    );
    const failing = measureFetches(
      'spec-fail',
      source(async () => {
        throw new Error('ECONNREFUSED');
      }),
    );
    expect(await ok.process(options)).toEqual({ data: { me: null } });
    await ok.process(options);
    expect(await erring.process(options)).toEqual({ errors: [{ message: 'nope' }] });
    await expect(failing.process(options)).rejects.toThrow('ECONNREFUSED');

    const samples = parseMetrics((await metricsText()).body);
    const count = (subgraph: string, outcome: string) =>
      metricSum(samples, 'shutter_gateway_subgraph_fetch_duration_seconds_count', { subgraph, outcome });
    expect([count('spec-ok', 'ok'), count('spec-ok', 'graphql_error'), count('spec-ok', 'failed')]).toEqual([2, 0, 0]);
    expect(count('spec-err', 'graphql_error')).toBe(1);
    expect(count('spec-fail', 'failed')).toBe(1);
  });
});
