// What the launcher and tests may use from this subgraph.
export { users as subgraph } from './subgraph.js';
