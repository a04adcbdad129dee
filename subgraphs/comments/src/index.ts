import { runSubgraph } from '@shutter/subgraph-kit';
import { comments } from './subgraph.js';

await runSubgraph(comments);
