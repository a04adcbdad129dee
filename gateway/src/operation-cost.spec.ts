import { describe, expect, it } from '@jest/globals';
import { buildSchema, getOperationAST, parse } from 'graphql';
import { operationCost } from './operation-cost.js';

const schema = buildSchema(`
  type Query { me: User, user(id: ID!): User, search(first: Int = 5): [User!]! }
  type User { id: ID!, name: String, followers(first: Int, after: String): UserConnection! }
  type UserConnection { edges: [Edge!]! }
  type Edge { node: User! }
`);
const cost = (query: string, variables: Record<string, unknown> = {}) => {
  const document = parse(query);
  return operationCost(schema, document, getOperationAST(document)!, variables);
};

describe(operationCost.name, () => {
  it('should weigh objects 2, scalars 1 and each level ×1.5, as graphql-armor does', () => {
    // me: 2 + 1.5 × (id 1 + name 1) = 5
    expect(cost(`{ me { id name } }`)).toBe(5);
  });

  it('should multiply a list by the page size given as a literal or as a variable', () => {
    const literal = cost(`{ me { followers(first: 10) { edges { node { id } } } } }`);
    const variable = cost(`query($n: Int) { me { followers(first: $n) { edges { node { id } } } } }`, { n: 10 });
    expect(variable).toBe(literal);
    expect(cost(`{ me { followers(first: 1) { edges { node { id } } } } }`)).toBeLessThan(literal / 5);
  });

  it('should count a list without a page size as the default page, and a page too large as the largest served', () => {
    const page = (first: number) => cost(`{ me { followers(first: ${first}) { edges { node { id } } } } }`);
    expect(cost(`{ me { followers { edges { node { id } } } } }`)).toBe(page(20));
    expect(cost(`{ search { id } }`)).toBe(cost(`{ search(first: 5) { id } }`));
    expect(page(1_000_000)).toBe(page(100));
  });

  it('should count fragments as if their fields were written inline', () => {
    const inline = cost(`{ me { id followers(first: 3) { edges { node { id name } } } } }`);
    const spread = cost(
      `{ me { ...F } } fragment F on User { id followers(first: 3) { edges { node { ...G } } } } fragment G on User { id name }`,
    );
    expect(spread).toBe(inline);
  });

  it('should charge at least one point, introspection included', () => {
    expect(cost(`{ __typename }`)).toBe(1);
    expect(cost(`{ __schema { types { name } } }`)).toBe(1);
  });
});
