import { schemaPathFor } from '@shutter/runtime';
import type { AnySubgraphDefinition } from '@shutter/subgraph-kit';

export interface SubgraphEntry<Name extends string = string> {
  name: Name;
  /** Where the SDL lives; the subgraph loads the same file at run time. */
  sdlPath: string;
  /** The URL recorded in the supergraph: the docker-compose service address. */
  url: string;
  /** The port `npm start` gives it on one machine. */
  localPort: number;
}

const entry = <Name extends string>(name: Name, localPort: number): SubgraphEntry<Name> => ({
  name,
  sdlPath: schemaPathFor(name),
  url: `http://${name}:${localPort}/graphql`,
  localPort,
});

/**
 * Every subgraph of the supergraph, in start order (a subgraph may call one before it). A new
 * subgraph is a folder `subgraphs/<name>` whose package `@shutter/<name>` exports its kit
 * declaration as `subgraph`, and a line here.
 */
export const SUBGRAPHS = [
  entry('users', 4001),
  entry('follows', 4003),
  entry('posts', 4004),
  // After users and posts: updateProfile asks users to change a username (USERS_SUBGRAPH_URL) and
  // posts to make an upload an avatar (POSTS_SUBGRAPH_URL).
  entry('profiles', 4002),
  // After posts: both ask it whether a post is visible to the viewer (POSTS_SUBGRAPH_URL).
  entry('comments', 4005),
  entry('likes', 4006),
  // After posts: asks it whether a post is visible to a notification's recipient.
  entry('notifications', 4007),
  entry('calls', 4008),
];

/** The kit declarations of every subgraph, in start order. */
export async function loadSubgraphDefinitions(): Promise<AnySubgraphDefinition[]> {
  const definitions: AnySubgraphDefinition[] = [];
  // One at a time: jest's ES module loader fails on concurrent imports of shared modules.
  for (const { name } of SUBGRAPHS) {
    const module = (await import(`@shutter/${name}`)) as { subgraph?: AnySubgraphDefinition };
    if (module.subgraph?.name !== name) throw new Error(`@shutter/${name} does not export its subgraph declaration`);
    definitions.push(module.subgraph);
  }
  return definitions;
}
