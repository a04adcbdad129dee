import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

export interface SubgraphEntry {
  name: string;
  /** Where the SDL lives; the subgraph loads the same file at run time. */
  sdlPath: string;
  /** The URL recorded in the supergraph: the docker-compose service address. */
  url: string;
  /** The port `npm start` gives it on one machine. */
  localPort: number;
}

/** Every subgraph of the supergraph. A new subgraph adds itself here. */
export const SUBGRAPHS: SubgraphEntry[] = [
  {
    name: 'users',
    sdlPath: join(root, 'subgraphs', 'users', 'src', 'schema', 'schema.graphql'),
    url: 'http://users:4001/graphql',
    localPort: 4001,
  },
  {
    name: 'profiles',
    sdlPath: join(root, 'subgraphs', 'profiles', 'src', 'schema', 'schema.graphql'),
    url: 'http://profiles:4002/graphql',
    localPort: 4002,
  },
  {
    name: 'follows',
    sdlPath: join(root, 'subgraphs', 'follows', 'src', 'schema', 'schema.graphql'),
    url: 'http://follows:4003/graphql',
    localPort: 4003,
  },
  {
    name: 'posts',
    sdlPath: join(root, 'subgraphs', 'posts', 'src', 'schema', 'schema.graphql'),
    url: 'http://posts:4004/graphql',
    localPort: 4004,
  },
];
