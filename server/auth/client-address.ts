import { isIPv6 } from 'node:net';

/**
 * The unit the login brake counts failures by: an IPv4 address, or an IPv6 address's /64 network, since one
 * subscriber usually gets a whole /64 and could otherwise try from 2^64 addresses.
 * @example addressKey('::ffff:203.0.113.7')              // → '203.0.113.7'
 * @example addressKey('2001:db8:1:2:aaaa::1')            // → '2001:db8:1:2::/64'
 */
export function addressKey(ip: string): string {
  const address = ip.split('%')[0];   // a zone id ("fe80::1%eth0") is not part of the address
  if (address.startsWith('::ffff:') && address.includes('.')) return address.slice(7);
  if (!isIPv6(address)) return address;
  const [head, tail] = address.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = tail === undefined ? left : [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  return `${groups.slice(0, 4).map((g) => parseInt(g, 16).toString(16)).join(':')}::/64`;
}
