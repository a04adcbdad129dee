import { subgraphEnv } from '@shutter/subgraph-kit';

// The only reader of configuration in this subgraph: the kit's variables, nothing of its own.
export const env = subgraphEnv({ name: 'follows', defaultPort: 4003, shape: {}, config: () => ({}) });
