import { runSubgraph } from '@shutter/subgraph-kit';
import { likes } from './subgraph.js';

await runSubgraph(likes);
