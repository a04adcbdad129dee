import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { IDENTITY_HEADER } from '../identity.js';
import { PostsClient } from './posts-client.js';

const A = '00000000-0000-7000-8000-0000000000a1';
const B = '00000000-0000-7000-8000-0000000000b2';

describe(PostsClient.name, () => {
  afterEach(() => {
    jest.restoreAllMocks();
  });

  const reply = (body: unknown, status = 200) =>
    jest.spyOn(globalThis, 'fetch').mockResolvedValue(new Response(JSON.stringify(body), { status }));

  it("asks posts for Post references with the viewer's signed identity, one call for the batch", async () => {
    const fetch = reply({ data: { _entities: [{ id: A, author: { id: B } }, null] } });
    expect(await new PostsClient('http://posts.test/graphql').visiblePosts('signed', [A, B])).toEqual([
      { id: A, authorId: B },
      null,
    ]);
    expect(fetch).toHaveBeenCalledTimes(1);
    const [url, init] = fetch.mock.calls[0]!;
    expect(url).toBe('http://posts.test/graphql');
    expect((init!.headers as Record<string, string>)[IDENTITY_HEADER]).toBe('signed');
    const sent = JSON.parse(init!.body as string) as { query: string; variables: unknown };
    expect(sent.query).toMatch(/_entities\(representations: \$representations\)/);
    expect(sent.variables).toEqual({
      representations: [
        { __typename: 'Post', id: A },
        { __typename: 'Post', id: B },
      ],
    });
  });

  it('fails (an internal error, never a client one) when posts answers with errors or without an answer per id', async () => {
    const client = new PostsClient('http://posts.test/graphql');
    reply({ errors: [{ message: 'This service answers only requests signed by the Shutter gateway.' }] }, 401);
    await expect(client.visiblePosts('forged', [A])).rejects.toThrow(/HTTP 401.*signed by the Shutter gateway/);
    reply({ data: { _entities: [] } });
    await expect(client.visiblePosts('signed', [A])).rejects.toThrow(/did not answer/);
  });
});
