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

const BEARER = 'Bearer ';

export function viewerFrom(authorization: string | undefined, verify: AccessTokenVerifier, requestId: string): Viewer {
  if (!authorization) return { userId: null, role: null, requestId };
  // The verifier checks the token's form (cachedAccessTokenVerifier: only for a token it has not
  // verified before, so a client's every request does not scan its token with a regex).
  const claims = authorization.startsWith(BEARER) ? verify(authorization.slice(BEARER.length)) : null;
  if (!claims) {
    throw unauthenticated('The access token is invalid or expired. Refresh it or sign in again.', 401);
  }
  return { userId: claims.userId, role: claims.role, requestId };
}

/**
 * A request's context. A class, not an object literal with closures: the methods are made once,
 * not per request (and a bundle built with keepNames names each closure it makes, a property
 * definition per closure per request). Apollo Server runs each operation on a copy that keeps the
 * prototype (its cloneObject), so the methods and the lazy logger work on the copy too.
 */
class RequestContext implements GatewayContext {
  private token: string | undefined;
  private requestLogger: Logger | undefined;

  constructor(
    readonly viewer: Viewer,
    readonly clientAddress: string,
    private readonly sign: (viewer: Viewer) => string,
    private readonly rootLogger: Logger,
  ) {}

  identityToken(): string {
    return (this.token ??= this.sign(this.viewer));
  }

  // Made when something logs: most requests log nothing but their access-log line.
  get logger(): Logger {
    return (this.requestLogger ??= this.rootLogger.child({
      requestId: this.viewer.requestId,
      userId: this.viewer.userId,
    }));
  }
}

export function createGatewayContext(
  request: { headers: IncomingHttpHeaders; clientAddress: string | undefined; requestId: string },
  options: { verify: AccessTokenVerifier; sign: (viewer: Viewer) => string; logger: Logger },
): GatewayContext {
  const viewer = viewerFrom(request.headers.authorization, options.verify, request.requestId);
  return new RequestContext(viewer, addressKey(request.clientAddress), options.sign, options.logger);
}
