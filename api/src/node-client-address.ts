// The Node entry's client address: the socket's peer, or — only when that peer is a proxy the operator
// declared in FLYWHEEL_TRUST_PROXY — the client named in X-Forwarded-For.
import { BlockList, isIP } from 'node:net';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import { clientBehindProxies } from './domain/device.ts';

/** `::ffff:127.0.0.1` (an IPv4 client on a dual-stack socket) is 127.0.0.1. */
function plainAddress(address: string | undefined): string | undefined {
  const mapped = address?.match(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i);
  return mapped ? mapped[1] : address;
}

/**
 * Parses FLYWHEEL_TRUST_PROXY: a comma-separated list of proxy addresses and CIDR ranges
 * (`10.0.0.0/8, 2001:db8::/32, 192.0.2.7`), or `loopback` for a proxy on this machine. Empty or unset
 * trusts no one. Throws on anything else, so a typo cannot silently trust the world or no one.
 *
 * @example
 * const trusted = parseTrustedProxies('loopback, 10.0.0.0/8');
 */
export function parseTrustedProxies(value: string | undefined): (address: string) => boolean {
  const list = new BlockList();
  for (const entry of (value ?? '').split(',').map((e) => e.trim())) {
    if (entry === '') continue;
    if (entry === 'loopback') {
      list.addSubnet('127.0.0.0', 8, 'ipv4');
      list.addAddress('::1', 'ipv6');
      continue;
    }
    const [address = '', bits, ...rest] = entry.split('/');
    const family = isIP(address);
    const prefix = bits === undefined ? undefined : Number(bits);
    const max = family === 4 ? 32 : 128;
    if (
      family === 0 ||
      rest.length > 0 ||
      (prefix !== undefined && (!Number.isInteger(prefix) || prefix < 0 || prefix > max))
    ) {
      throw new Error(`FLYWHEEL_TRUST_PROXY: "${entry}" is not an IP address, a CIDR range or "loopback".`);
    }
    const type = family === 4 ? 'ipv4' : 'ipv6';
    if (prefix === undefined) list.addAddress(address, type);
    else list.addSubnet(address, prefix, type);
  }
  return (address) => {
    const plain = plainAddress(address) ?? '';
    const family = isIP(plain);
    return family !== 0 && list.check(plain, family === 4 ? 'ipv4' : 'ipv6');
  };
}

/** `config.clientIp` for the Node server. */
export function nodeClientAddress(trustProxy: string | undefined): (c: Context) => string | undefined {
  const isTrusted = parseTrustedProxies(trustProxy);
  return (c) =>
    clientBehindProxies(
      plainAddress(getConnInfo(c).remote.address),
      c.req.header('X-Forwarded-For'),
      isTrusted,
    );
}
