import { runSubgraph } from '@shutter/subgraph-kit';
import { profiles } from './subgraph.js';

await runSubgraph(profiles);
