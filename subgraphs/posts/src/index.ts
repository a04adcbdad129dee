import { runSubgraph } from '@shutter/subgraph-kit';
import { posts } from './subgraph.js';

await runSubgraph(posts);
