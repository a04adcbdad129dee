import { runSubgraph } from '@shutter/subgraph-kit';
import { users } from './subgraph.js';

await runSubgraph(users);
