import { runSubgraph } from '@shutter/subgraph-kit';
import { notifications } from './subgraph.js';

await runSubgraph(notifications);
