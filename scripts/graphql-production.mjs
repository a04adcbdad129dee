// Preloaded by `npm start` (node --import) before anything imports graphql.
//
// graphql-js picks its `instanceOf` when first loaded: unless NODE_ENV is "production", every
// failed instanceof (isNonNullType, isListType, … for every field it executes or plans) also
// compares class names, to warn about a second copy of graphql. Under the feed load that was 13 %
// of `npm start`'s CPU (issue 10, `node --cpu-prof`). The lockfile installs one copy of graphql and
// the production images run with NODE_ENV=production already, so the development stack loads
// graphql as production does — while Shutter itself keeps reading NODE_ENV as given (development
// secrets, Sandbox, introspection).
import { createRequire } from 'node:module';

const given = process.env.NODE_ENV;
process.env.NODE_ENV = 'production';
try {
  // graphql's CommonJS build is the one every package loads (its package.json has no "exports").
  createRequire(import.meta.url)('graphql');
} finally {
  if (given === undefined) delete process.env.NODE_ENV;
  else process.env.NODE_ENV = given;
}
