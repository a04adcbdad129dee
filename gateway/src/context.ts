import { unauthenticated, type AccessTokenClaims, type Logger, type Viewer } from '@shutter/runtime';
import type { IncomingHttpHeaders } from 'node:http';
import { addressKey } from './client-address.js';

export interface GatewayContext {
  viewer: Viewer;
  /**
   * The viewer, signed (on first use; the same token for a viewer's requests within 30 s, see
   * `identitySigner`) and forwarded to every subgraph called over HTTP. Subgraphs called in process
   * get the viewer itself and need no signature.
   */
  identityToken(): string;
  /** The key of the client's address (see addressKey): what per-address rate limits count under. */
  clientAddress: string;
  /**
   * A live update's query (the gateway's own, for a subscriber): checked against the cost limit
   * but not charged to the viewer's rate limits — the viewer did not send it.
   */
  live?: true;
  logger: Logger;
}

/**
 * Anonymous when no Authorization header is sent. A header that is present but not a valid access
 * token is an error (401), not a silent downgrade to anonymous: the client must refresh or sign in.
 */
/** Checks an access token: its claims, or null for anything that is not a valid one. */
export type AccessTokenVerifier = (token: string) => AccessTokenClaims | null;

export function viewerFrom(authorization: string | undefined, verify: AccessTokenVerifier, requestId: string): Viewer {
  if (!authorization) return { userId: null, role: null, requestId };
  const match = /^Bearer ([A-Za-z0-9._~+/=-]+)$/.exec(authorization);
  const claims = match ? verify(match[1]!) : null;
  if (!claims) {
    throw unauthenticated('The access token is invalid or expired. Refresh it or sign in again.', 401);
  }
  return { userId: claims.userId, role: claims.role, requestId };
}

export function createGatewayContext(
  request: { headers: IncomingHttpHeaders; clientAddress: string | undefined; requestId: string },
  options: { verify: AccessTokenVerifier; sign: (viewer: Viewer) => string; logger: Logger },
): GatewayContext {
  const { headers, requestId } = request;
  const viewer = viewerFrom(headers.authorization, options.verify, requestId);
  let token: string | undefined;
  let logger: Logger | undefined;
  return {
    viewer,
    identityToken: () => (token ??= options.sign(viewer)),
    clientAddress: addressKey(request.clientAddress),
    // Made when something logs: most requests log nothing but their access-log line.
    get logger() {
      return (logger ??= options.logger.child({ requestId, userId: viewer.userId }));
    },
  };
}
