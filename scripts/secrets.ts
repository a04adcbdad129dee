import { randomBytes } from 'node:crypto';
import { generateSigningKeyPair } from '@shutter/runtime';

// `npm run secrets > .env`: fresh production secrets for docker compose (never commit the output).
const keys = generateSigningKeyPair(`key-${new Date().toISOString().slice(0, 10)}`);
console.log(`INTERNAL_IDENTITY_SECRET=${randomBytes(32).toString('base64url')}`);
console.log(`AUTH_JWT_PRIVATE_JWK='${keys.privateJwk}'`);
console.log(`AUTH_JWT_PUBLIC_JWKS='${keys.publicJwks}'`);
