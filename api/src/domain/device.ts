// IPs and user agents are kept only as salted hashes: enough to notice one device acting as both
// referrer and friend, useless for tracking anyone across merchants.
import { sha256Hex } from '../crypto.ts';

export async function deviceHash(salt: string, value: string | null | undefined): Promise<string | null> {
  if (!value) return null;
  return (await sha256Hex(`${salt}:${value}`)).slice(0, 32);
}

/**
 * The client's address behind proxies the operator trusts. Anyone can send `X-Forwarded-For`, so it
 * is read only when the connection itself comes from a trusted proxy, and then from the right: each
 * trusted hop appended the address it saw, and the first untrusted one is the client. With every hop
 * trusted, the leftmost is the best we know.
 *
 * @example
 * clientBehindProxies('10.0.0.2', '1.2.3.4, 203.0.113.9', (ip) => ip.startsWith('10.')) // '203.0.113.9'
 */
export function clientBehindProxies(
  peer: string | undefined,
  forwardedFor: string | undefined,
  isTrusted: (address: string) => boolean,
): string | undefined {
  if (!peer || !isTrusted(peer) || !forwardedFor) return peer;
  const hops = forwardedFor
    .split(',')
    .map((hop) => hop.trim())
    .filter((hop) => hop !== '');
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i]!;
    if (!isTrusted(hop)) return hop;
  }
  return hops[0] ?? peer;
}
