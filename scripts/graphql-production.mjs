// Preloaded by `npm start` (node --import) before anything imports graphql or Apollo Server.
//
// graphql-js picks its `instanceOf` when first loaded: unless NODE_ENV is "production", every
// failed instanceof (isNonNullType, isListType, … for every field it executes or plans) also
// compares class names, to warn about a second copy of graphql. Under the feed load that was 13 %
// of `npm start`'s CPU (issue 10, `node --cpu-prof`). The lockfile installs one copy of graphql and
// the production images run with NODE_ENV=production already, so the development stack loads
// graphql as production does — while Shutter itself keeps reading NODE_ENV as given (development
// secrets, Sandbox, introspection).
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

const given = process.env.NODE_ENV;
process.env.NODE_ENV = 'production';
try {
  // graphql's CommonJS build is the one every package loads (its package.json has no "exports").
  require('graphql');
} finally {
  if (given === undefined) delete process.env.NODE_ENV;
  else process.env.NODE_ENV = given;
}

// Apollo Server hashes every operation it runs (the gateway's, and each subgraph call in process)
// with @apollo/utils.createhash, which calls `module.require('crypto')` on every hash. Through tsx's
// module hooks each such require costs ~10 µs more than the hash itself: 3.9 % of the gateway's CPU
// under load (issue 10, `node --cpu-prof`). Loaded here first and handed node:crypto's createHash,
// every importer (ESM ones read a CommonJS module's exports when they first import it) gets the
// direct one. Both copies: Apollo Server's own and the one the gateway uses.
for (const from of [require.resolve('@apollo/server'), import.meta.url]) {
  const createhash = createRequire(from)('@apollo/utils.createhash');
  createhash.createHash = (kind) => createHash(kind);
}
