import type { IncomingMessage } from 'node:http';
import { isIP, isIPv6 } from 'node:net';
import proxyaddr from 'proxy-addr';

/** What express's `trust proxy` setting accepts: off, on, a hop count, or addresses and subnets. */
export type TrustProxy = boolean | number | string[];

const NAMED_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/**
 * TRUST_PROXY: `false` (default: the socket address is the client), `true` (trust every proxy: only
 * when the gateway cannot be reached but through one), a hop count (`1`: one proxy in front), or
 * comma-separated addresses, subnets and express's names (`loopback`, `10.0.0.0/8`). Throws on
 * anything else, so a typo fails at start-up instead of silently trusting spoofed headers.
 */
export function parseTrustProxy(text: string): TrustProxy {
  const value = text.trim();
  if (value === 'false') return false;
  if (value === 'true') return true;
  if (/^\d+$/.test(value)) return Number(value);
  const entries = value.split(',').map((entry) => entry.trim());
  for (const entry of entries) {
    const [address, bits, ...rest] = entry.split('/');
    const valid =
      NAMED_RANGES.has(entry) ||
      (rest.length === 0 &&
        isIP(address ?? '') !== 0 &&
        (bits === undefined || (/^\d+$/.test(bits) && Number(bits) <= (isIPv6(address!) ? 128 : 32))));
    if (!valid) throw new Error(`not an address, subnet or range name: ${entry}`);
  }
  return entries;
}

/** The eight 16-bit groups of an IPv6 address, as numbers. */
function ipv6Groups(address: string): number[] {
  const [head, tail] = address.includes('::') ? address.split('::') : [address, undefined];
  const parse = (part: string | undefined) => (part ? part.split(':') : []);
  let left = parse(head);
  let right = parse(tail);
  // A trailing dotted IPv4 part (::ffff:1.2.3.4, 64:ff9b::1.2.3.4) is two groups.
  const dotted = (groups: string[]) => {
    const last = groups.at(-1);
    if (!last?.includes('.')) return groups;
    const [a, b, c, d] = last.split('.').map(Number) as [number, number, number, number];
    return [...groups.slice(0, -1), ((a << 8) | b).toString(16), ((c << 8) | d).toString(16)];
  };
  if (tail === undefined) left = dotted(left);
  else right = dotted(right);
  const missing = 8 - left.length - right.length;
  return [...left, ...Array<string>(tail === undefined ? 0 : missing).fill('0'), ...right].map((g) => parseInt(g, 16));
}

/**
 * The key a client address is limited under. IPv4 addresses (also written IPv4-mapped, as Node
 * reports them on dual-stack sockets) stand for themselves; an IPv6 address stands for its /64,
 * because one subscriber usually gets a whole /64 and could otherwise rotate through 2⁶⁴ addresses.
 */
const keys = new Map<string, string>();

export function addressKey(address: string | undefined): string {
  if (!address) return 'unknown';
  // Per request on the gateway: the IPv6 test is a long regular expression (issue 10's profile).
  let key = keys.get(address);
  if (key === undefined) {
    if (keys.size >= 10_000) keys.clear();
    key = keyOf(address);
    keys.set(address, key);
  }
  return key;
}

function keyOf(address: string): string {
  const withoutZone = address.split('%')[0]!;
  if (!isIPv6(withoutZone)) return withoutZone;
  const groups = ipv6Groups(withoutZone);
  const mapped = groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff;
  if (mapped) return [groups[6]! >> 8, groups[6]! & 255, groups[7]! >> 8, groups[7]! & 255].join('.');
  return `${groups
    .slice(0, 4)
    .map((g) => g.toString(16))
    .join(':')}::/64`;
}

/**
 * The client's address for a request, as express's `req.ip` reports it under `trust proxy` set to
 * `trust` (the same proxy-addr rules): the socket's address, or the X-Forwarded-For hop the trusted
 * proxies name.
 */
export function clientAddressOf(trust: TrustProxy): (request: IncomingMessage) => string | undefined {
  // Nothing trusted: the socket's address, which is what proxy-addr would find after parsing the
  // X-Forwarded-For header it then ignores.
  if (trust === false || (Array.isArray(trust) && trust.length === 0)) return (request) => request.socket.remoteAddress;
  const trusted =
    trust === true
      ? () => true
      : typeof trust === 'number'
        ? (_address: string, hop: number) => hop < trust
        : proxyaddr.compile(trust);
  return (request) => (request.socket.remoteAddress ? proxyaddr(request, trusted) : undefined);
}
