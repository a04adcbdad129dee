import { describe, expect, it } from '@jest/globals';
import { addressKey, parseTrustProxy } from './client-address.js';

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
