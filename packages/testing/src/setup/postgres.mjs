// The medium tier: PostgreSQL only.
export { postgres as default } from './services.mjs';
