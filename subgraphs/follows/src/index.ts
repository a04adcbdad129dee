import { runSubgraph } from '@shutter/subgraph-kit';
import { follows } from './subgraph.js';

await runSubgraph(follows);
