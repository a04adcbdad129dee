import { createHmac } from 'node:crypto';

/** STUN/TURN configuration (env.ts). */
export interface IceSettings {
  stunUrls: readonly string[];
  turnUrls: readonly string[];
  /** The TURN server's shared secret; null: TURN servers are handed out without credentials. */
  turnSecret: string | null;
  turnTtlSeconds: number;
}

export interface IceServer {
  urls: string[];
  username: string | null;
  credential: string | null;
}

/**
 * Short-lived TURN credentials by the TURN REST API convention (coturn `use-auth-secret`): the
 * username is `<expiry unix time>:<user id>`, the credential base64(HMAC-SHA1(secret, username)).
 * The TURN server checks both with the same secret and refuses them after the expiry.
 */
export function turnCredentials(
  secret: string,
  userId: string,
  ttlSeconds: number,
  now: Date,
): { username: string; credential: string } {
  const expiry = Math.floor(now.getTime() / 1000) + ttlSeconds;
  const username = `${expiry}:${userId}`;
  return { username, credential: createHmac('sha1', secret).update(username).digest('base64') };
}

/** The `iceServers` a signed-in user's RTCPeerConnection should use, at `now`. */
export function iceServersFor(settings: IceSettings, userId: string, now: Date): IceServer[] {
  const servers: IceServer[] = [];
  if (settings.stunUrls.length > 0) servers.push({ urls: [...settings.stunUrls], username: null, credential: null });
  if (settings.turnUrls.length > 0) {
    const credentials = settings.turnSecret
      ? turnCredentials(settings.turnSecret, userId, settings.turnTtlSeconds, now)
      : { username: null, credential: null };
    servers.push({ urls: [...settings.turnUrls], ...credentials });
  }
  return servers;
}
