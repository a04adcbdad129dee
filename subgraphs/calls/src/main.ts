// What the launcher and tests may use from this subgraph: its kit declaration.
export { calls as subgraph } from './subgraph.js';
