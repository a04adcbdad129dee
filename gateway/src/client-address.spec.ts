import { describe, expect, it } from '@jest/globals';
import type { IncomingMessage } from 'node:http';
import { addressKey, clientAddressOf, parseTrustProxy } from './client-address.js';

describe(addressKey.name, () => {
  it('should key an IPv4 client by its address, however the socket reports it', () => {
    expect(addressKey('203.0.113.7')).toBe('203.0.113.7');
    expect(addressKey('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(addressKey('::ffff:cb00:7107')).toBe('203.0.113.7');
  });

  it('should key an IPv6 client by its /64, so rotating the interface part does not open a fresh budget', () => {
    const a = addressKey('2001:db8:1:2:aaaa:bbbb:cccc:dddd');
    expect(a).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8:1:2::1')).toBe(a);
    expect(addressKey('2001:0db8:0001:0002:0:0:0:ffff')).toBe(a);
    expect(addressKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(addressKey('2001:db8:1:3::1')).not.toBe(a);
  });

  it('should key a request without a known address as unknown', () => {
    expect(addressKey(undefined)).toBe('unknown');
  });
});

describe(parseTrustProxy.name, () => {
  it.each([
    ['false', false],
    ['true', true],
    ['1', 1],
    ['loopback', ['loopback']],
    ['10.0.0.0/8, 192.168.1.10,fd00::/8', ['10.0.0.0/8', '192.168.1.10', 'fd00::/8']],
  ])('should read %s as express reads trust proxy', (text, expected) => {
    expect(parseTrustProxy(text)).toEqual(expected);
  });

  it.each(['yes', '10.0.0.0/33', 'lo', '10.0.0.1/8/1', ''])(
    'should refuse %j instead of silently trusting forwarded headers',
    (text) => {
      expect(() => parseTrustProxy(text)).toThrow();
    },
  );
});

describe(clientAddressOf.name, () => {
  const request = (remoteAddress: string, forwardedFor?: string) =>
    ({
      socket: { remoteAddress },
      connection: { remoteAddress },
      headers: forwardedFor ? { 'x-forwarded-for': forwardedFor } : {},
    }) as unknown as IncomingMessage;

  it('should take the socket address and ignore X-Forwarded-For unless a proxy is trusted', () => {
    expect(clientAddressOf(false)(request('10.0.0.2', '198.51.100.9'))).toBe('10.0.0.2');
  });

  it('should believe as many hops as trusted, counted from the socket', () => {
    const hops = request('10.0.0.2', '198.51.100.9, 203.0.113.5');
    expect(clientAddressOf(1)(hops)).toBe('203.0.113.5');
    expect(clientAddressOf(2)(hops)).toBe('198.51.100.9');
    expect(clientAddressOf(true)(hops)).toBe('198.51.100.9');
  });

  it('should believe X-Forwarded-For only from trusted addresses and subnets', () => {
    const trusted = clientAddressOf(parseTrustProxy('10.0.0.0/8, loopback'));
    expect(trusted(request('10.1.2.3', '198.51.100.9'))).toBe('198.51.100.9');
    expect(trusted(request('192.0.2.50', '198.51.100.9'))).toBe('192.0.2.50');
  });
});
