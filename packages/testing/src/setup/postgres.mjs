// The medium tier: PostgreSQL, and Redis for the stores that keep data there beside a subgraph's
// database (the posts subgraph's home-feed timelines).
import { postgres, redis } from './services.mjs';

export default async function globalSetup() {
  await postgres();
  await redis();
}
