import { stringifyDocument } from 'urql';
import { graphql } from '../generated';

/**
 * The signed-in session: tokens in localStorage, so every tab shares one sign-in and a refresh made
 * by one tab reaches the others (the storage event). Access tokens live 15 minutes; they are
 * refreshed shortly before they expire, once at a time in this tab.
 */
export interface Session {
  accessToken: string;
  accessTokenExpiresAt: string;
  refreshToken: string;
  userId: string;
  username: string;
  /** When to refresh: shortly before the access token expires (epoch ms). */
  refreshAfter: number;
}

const KEY = 'shutter.session';
/** Refresh this long before the access token expires (clock skew, a slow request), at most a fifth of its life. */
const REFRESH_MARGIN_MS = 60_000;

export const AuthFields = graphql(`
  fragment AuthFields on AuthPayload {
    accessToken
    accessTokenExpiresAt
    refreshToken
    user {
      id
      username
    }
  }
`);

const RefreshDocument = graphql(`
  mutation RefreshToken($refreshToken: String!) {
    refreshToken(refreshToken: $refreshToken) {
      ...AuthFields
    }
  }
`);

interface AuthPayload {
  accessToken: string;
  accessTokenExpiresAt: string;
  refreshToken: string;
  user: { id: string; username: string };
}

export function sessionFrom(payload: AuthPayload): Session {
  const expiresAt = Date.parse(payload.accessTokenExpiresAt);
  const margin = Math.min(REFRESH_MARGIN_MS, (expiresAt - Date.now()) / 5);
  return {
    refreshAfter: expiresAt - margin,
    accessToken: payload.accessToken,
    accessTokenExpiresAt: payload.accessTokenExpiresAt,
    refreshToken: payload.refreshToken,
    userId: payload.user.id,
    username: payload.user.username,
  };
}

function read(): Session | null {
  try {
    const raw = localStorage.getItem(KEY);
    return raw ? (JSON.parse(raw) as Session) : null;
  } catch {
    return null;
  }
}

let current: Session | null = read();
const listeners = new Set<() => void>();
const notify = () => listeners.forEach((listener) => listener());

window.addEventListener('storage', (event) => {
  if (event.key !== KEY) return;
  current = read();
  notify();
});

export const getSession = () => current;

export function setSession(session: Session | null): void {
  current = session;
  if (session) localStorage.setItem(KEY, JSON.stringify(session));
  else localStorage.removeItem(KEY);
  notify();
}

export function subscribeSession(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export const expiresSoon = (session: Session) =>
  Date.now() >= (session.refreshAfter ?? Date.parse(session.accessTokenExpiresAt) - REFRESH_MARGIN_MS);

let refreshing: Promise<Session | null> | null = null;

/**
 * Exchanges the refresh token for a new pair (one request at a time). A refused token signs out; a
 * network failure keeps the session for the next try.
 */
export function refreshSession(): Promise<Session | null> {
  refreshing ??= (async () => {
    const session = current;
    if (!session) return null;
    try {
      const response = await fetch('/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          query: stringifyDocument(RefreshDocument),
          variables: { refreshToken: session.refreshToken },
        }),
      });
      const body = (await response.json()) as {
        data?: { refreshToken: AuthPayload } | null;
        errors?: { extensions?: { code?: string } }[];
      };
      if (body.data?.refreshToken) {
        const next = sessionFrom(body.data.refreshToken);
        // Another tab may have signed out or in meanwhile: only replace the session we refreshed.
        if (current?.refreshToken === session.refreshToken) setSession(next);
        return current;
      }
      if (body.errors?.some((e) => e.extensions?.code === 'UNAUTHENTICATED')) {
        // Another tab may already hold the successor; only a session still ours is ended.
        if (current?.refreshToken === session.refreshToken) setSession(null);
      }
      return current === session ? null : current;
    } catch {
      return null;
    }
  })().finally(() => {
    refreshing = null;
  });
  return refreshing;
}

/** The access token to send now, refreshed first when it is about to expire. */
export async function freshAccessToken(): Promise<string | null> {
  const session = current;
  if (!session) return null;
  if (!expiresSoon(session)) return session.accessToken;
  return (await refreshSession())?.accessToken ?? null;
}
