import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { operationFromDocument, Supergraph } from '@apollo/federation-internals';
import { parse, type OperationDefinitionNode } from 'graphql';
import { apolloComputeResponse, computeResponse } from './result-shaping.js';

const apiSchema = Supergraph.build(
  readFileSync(new URL('../../schema/supergraph.graphql', import.meta.url), 'utf8'),
).apiSchema();

const FEED = /* GraphQL */ `
  query Feed($tag: String!, $withMedia: Boolean = true, $skipCounts: Boolean!) {
    __typename
    hashtag(tag: $tag, first: 2) {
      edges {
        cursor
        node {
          id
          kind: __typename
          caption
          media @include(if: $withMedia) {
            url
            width
          }
          ... on Post {
            likeCount @skip(if: $skipCounts)
            author {
              id
              name: username
              displayName
              followerCount @include(if: false)
            }
          }
          ...PostFields
        }
      }
      pageInfo {
        hasNextPage
      }
    }
    me {
      id
      role
    }
  }
  fragment PostFields on Post {
    hashtags
    createdAt
  }
`;

const author = (id: string) => ({ __typename: 'User', id, name: `u${id}`, displayName: null, followerCount: 3 });
const post = (id: string, extra: Record<string, unknown> = {}) => ({
  __typename: 'Post',
  id,
  caption: `caption ${id}`,
  media: [{ url: `https://m/${id}`, width: 10 }],
  likeCount: 2,
  author: author(`a${id}`),
  hashtags: ['x'],
  createdAt: '2026-12-01T00:00:00.000Z',
  ...extra,
});
const page = (...posts: object[]) => ({
  hashtag: { edges: posts.map((node, i) => ({ cursor: `c${i}`, node })), pageInfo: { hasNextPage: true } },
  me: { id: 'me', role: 'USER' },
});

/** Inputs as the gateway merges them from subgraph answers: whole, with nulls, with invalid values. */
const inputs: [string, Record<string, unknown> | null][] = [
  ['complete', page(post('1'), post('2'))],
  ['a nullable field null', page(post('1', { caption: null }))],
  ['a non-null field missing (the post bubbles up to the list)', page(post('1', { likeCount: null }), post('2'))],
  ['a non-null author missing', page(post('1', { author: null }))],
  ['a leaf of the wrong type', page(post('1', { likeCount: 'many' }))],
  ['an unknown __typename', page(post('1', { author: { ...author('9'), __typename: 'Nope' } }))],
  ['an enum value the schema lacks', { ...page(post('1')), me: { id: 'me', role: 'KING' } }],
  ['no viewer', { ...page(post('1')), me: null }],
  ['no data', null],
];

const variableSets = [
  { tag: 't', skipCounts: false },
  { tag: 't', skipCounts: true, withMedia: false },
];

describe(computeResponse.name, () => {
  it('answers what Apollo Gateway answers, data and errors, for every input and variables', () => {
    const document = parse(FEED);
    const key = document.definitions[0] as OperationDefinitionNode;
    const seen = new Set<string>();
    for (const variables of variableSets) {
      for (const [what, input] of inputs) {
        // The gateway rebuilds its operation per request; the plan is made once per document node.
        const operation = operationFromDocument(apiSchema, document);
        const options = { operation, variables, input, introspectionHandling: () => ({ introspected: true }) };
        const ours = computeResponse({ ...options, input: structuredClone(input) }, key);
        const apollo = apolloComputeResponse({ ...options, input: structuredClone(input) });
        const plain = (result: typeof ours) => ({
          data: JSON.parse(JSON.stringify(result.data ?? null)) as unknown,
          errors: result.errors.map((e) => ({ message: e.message, path: e.path, code: e.extensions.code })),
        });
        expect({ what, ...plain(ours) }).toEqual({ what, ...plain(apollo) });
        for (const error of apollo.errors) seen.add(error.message);
      }
    }
    // The inputs reach every kind of error the shaping reports.
    expect([...seen].sort()).toEqual([
      'Cannot return null for non-nullable field Post.author.',
      'Cannot return null for non-nullable field Post.likeCount.',
      'Invalid __typename found for object at field Post.author.',
      'Invalid value found for field Post.likeCount.',
      'Invalid value found for field User.role.',
    ]);
  });

  it('answers introspection fields with the gateway’s handler', () => {
    const document = parse('{ __schema { queryType { name } } me { id } }');
    const operation = operationFromDocument(apiSchema, document);
    const options = {
      operation,
      input: { me: { id: '1' } },
      introspectionHandling: () => ({ queryType: { name: 'Query' } }),
    };
    expect(JSON.parse(JSON.stringify(computeResponse(options).data))).toEqual(
      JSON.parse(JSON.stringify(apolloComputeResponse(options).data)),
    );
  });
});
