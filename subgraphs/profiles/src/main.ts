// What the launcher and tests may use from this subgraph.
export { profiles as subgraph } from './subgraph.js';
