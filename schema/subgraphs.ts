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
];
