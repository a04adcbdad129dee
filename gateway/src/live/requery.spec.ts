import { describe, expect, it } from '@jest/globals';
import { getOperationAST, parse, print } from 'graphql';
import { requeryFor } from './requery.js';

const requery = (source: string, field = 'post') => {
  const document = parse(source);
  return requeryFor(document, getOperationAST(document)!, field);
};
const normalised = (query: string) => print(parse(query));

describe(requeryFor.name, () => {
  it('asks the by-id root field for the subscription’s selection, under the subscription’s key', () => {
    const result = requery(`subscription Watch($p: ID!) { postUpdated(postId: $p) { likeCount author { username } } }`);
    expect(normalised(result.query)).toBe(
      normalised(`query Watch($liveId: ID!) { postUpdated: post(id: $liveId) { likeCount author { username } } }`),
    );
    expect(result).toMatchObject({ idVariable: 'liveId', responseKey: 'postUpdated', variables: [] });
  });

  it('keeps an alias, fragments, directives and the variables the selection still uses', () => {
    const result = requery(
      `subscription($p: ID!, $n: Int, $skip: Boolean!) {
         changed: commentAdded(postId: $p) @skip(if: $skip) { ...C post { comments(first: $n) { edges { cursor } } } }
       }
       fragment C on Comment { body }`,
      'comment',
    );
    expect(normalised(result.query)).toBe(
      normalised(
        `query($n: Int, $skip: Boolean!, $liveId: ID!) {
           changed: comment(id: $liveId) @skip(if: $skip) { ...C post { comments(first: $n) { edges { cursor } } } }
         }
         fragment C on Comment { body }`,
      ),
    );
    expect(result.responseKey).toBe('changed');
    expect([...result.variables].sort()).toEqual(['n', 'skip']);
  });

  it('picks an id variable the subscription does not already use', () => {
    const result = requery(`subscription($liveId: ID!) { postUpdated(postId: $liveId) { id } }`);
    expect(result.idVariable).toBe('liveId2');
    expect(normalised(result.query)).toBe(
      normalised(`query($liveId2: ID!) { postUpdated: post(id: $liveId2) { id } }`),
    );
  });
});
