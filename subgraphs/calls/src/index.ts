import { runSubgraph } from '@shutter/subgraph-kit';
import { calls } from './subgraph.js';

await runSubgraph(calls);
