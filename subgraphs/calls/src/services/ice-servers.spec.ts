import { createHmac } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { iceServersFor, turnCredentials } from './ice-servers.js';

const USER = '00000000-0000-4000-8000-00000000000a';
const NOW = new Date('2026-12-20T10:00:00Z');
const SECRET = 'a-turn-shared-secret';

describe(turnCredentials.name, () => {
  it('should follow the TURN REST convention: <expiry>:<user>, base64 HMAC-SHA1 of it with the secret', () => {
    const { username, credential } = turnCredentials(SECRET, USER, 3600, NOW);
    expect(username).toBe(`${NOW.getTime() / 1000 + 3600}:${USER}`);
    expect(credential).toBe(createHmac('sha1', SECRET).update(username).digest('base64'));
    // A known vector, so the encoding cannot drift: HMAC-SHA1("secret", "1000:user").
    expect(turnCredentials('secret', 'user', 1000, new Date(0)).credential).toBe(
      createHmac('sha1', 'secret').update('1000:user').digest('base64'),
    );
  });
});

describe(iceServersFor.name, () => {
  it('should hand out STUN, and TURN with credentials for the user when a secret is set', () => {
    const servers = iceServersFor(
      { stunUrls: ['stun:a:3478'], turnUrls: ['turn:b:3478', 'turns:b:5349'], turnSecret: SECRET, turnTtlSeconds: 60 },
      USER,
      NOW,
    );
    expect(servers).toEqual([
      { urls: ['stun:a:3478'], username: null, credential: null },
      { urls: ['turn:b:3478', 'turns:b:5349'], ...turnCredentials(SECRET, USER, 60, NOW) },
    ]);
  });

  it('should hand out TURN without credentials when no secret is set, and nothing that is not configured', () => {
    expect(
      iceServersFor({ stunUrls: [], turnUrls: ['turn:b'], turnSecret: null, turnTtlSeconds: 60 }, USER, NOW),
    ).toEqual([{ urls: ['turn:b'], username: null, credential: null }]);
    expect(iceServersFor({ stunUrls: [], turnUrls: [], turnSecret: null, turnTtlSeconds: 60 }, USER, NOW)).toEqual([]);
  });
});
