/**
 * `@graphql-hive/gateway` (its CLI defaults) in front of Shutter's subgraphs, for the bench's
 * gateway comparison. The plugin does the same auth work as Shutter's gateway (gateway/src/context.ts):
 * verify the client's ES256 access token, sign the viewer's identity once per request (on first use)
 * and send it to every subgraph — so the comparison is of the gateways, not of what they check.
 */
import { randomUUID } from 'node:crypto';
import { defineConfig, type GatewayPlugin } from '@graphql-hive/gateway';
import { IDENTITY_HEADER, parsePublicJwks, signIdentity, verifyAccessToken, type Viewer } from '@shutter/runtime';

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`the Hive gateway needs ${name}`);
  return value;
}
const secret = required('INTERNAL_IDENTITY_SECRET');
const keys = parsePublicJwks(required('AUTH_JWT_PUBLIC_JWKS'));
const BEARER = /^Bearer ([A-Za-z0-9._~+/=-]+)$/;
const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

interface ShutterContext {
  shutterIdentity: () => string;
  shutterRequestId: string;
}

function shutterAuth(): GatewayPlugin<ShutterContext> {
  const viewers = new WeakMap<Request, Viewer>();
  return {
    onRequest({ request, endResponse, fetchAPI }) {
      const given = request.headers.get('x-request-id');
      const requestId = given && REQUEST_ID.test(given) ? given : randomUUID();
      const authorization = request.headers.get('authorization');
      if (!authorization) {
        viewers.set(request, { userId: null, role: null, requestId });
        return;
      }
      const match = BEARER.exec(authorization);
      const claims = match ? verifyAccessToken(match[1]!, keys) : null;
      if (!claims) {
        // As Shutter's gateway: a token that is present but invalid is a 401, never anonymous.
        const body = {
          errors: [{ message: 'The access token is invalid or expired.', extensions: { code: 'UNAUTHENTICATED' } }],
        };
        endResponse(
          new fetchAPI.Response(JSON.stringify(body), { status: 401, headers: { 'content-type': 'application/json' } }),
        );
        return;
      }
      viewers.set(request, { userId: claims.userId, role: claims.role, requestId });
    },
    onContextBuilding({ context, extendContext }) {
      const viewer = viewers.get(context.request) ?? { userId: null, role: null, requestId: randomUUID() };
      let token: string | undefined;
      extendContext({
        shutterIdentity: () => (token ??= signIdentity(viewer, secret)),
        shutterRequestId: viewer.requestId,
      });
    },
    onFetch({ context, options, setOptions }) {
      if (!('shutterIdentity' in context) || !context.shutterIdentity) return;
      setOptions({
        ...options,
        headers: {
          ...options.headers,
          [IDENTITY_HEADER]: context.shutterIdentity(),
          'x-request-id': context.shutterRequestId ?? '',
        },
      });
    },
  };
}

export const gatewayConfig = defineConfig({
  plugins: () => [shutterAuth()],
});
