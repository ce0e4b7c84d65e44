// Request-forgery guard for webhook URLs: is an address one a public webhook must never reach?
// Pure (no DNS): callers resolve names themselves and check every address they get back.
import { ipLiteral } from './ip-literal.ts';
import { specialIpv4, specialIpv6 } from './special-addresses.ts';

export { ipLiteral } from './ip-literal.ts';

/**
 * Why an address is no place for a webhook or a shop call: the IANA special-purpose registry row it
 * falls in (loopback, private, link-local and metadata, CGNAT, documentation, benchmarking, 6to4,
 * Teredo, multicast…), judged through any IPv4 it carries; undefined for an ordinary public address.
 * Unparseable input is refused too: a guard must fail closed.
 */
export function specialAddressName(address: string): string | undefined {
  const ip = ipLiteral(address);
  if (!ip) return 'not an IP address';
  return ip.version === 4 ? specialIpv4(ip.groups) : specialIpv6(ip.groups);
}

/** True for any address in a special-purpose range (see specialAddressName). */
export function isPrivateAddress(address: string): boolean {
  return specialAddressName(address) !== undefined;
}

/** Names that mean "this machine" whatever DNS says (RFC 6761), and single-label intranet names. */
export function isLocalHostname(hostname: string): boolean {
  const name = hostname.toLowerCase().replace(/\.$/, '');
  return (
    name === 'localhost' ||
    name.endsWith('.localhost') ||
    name.endsWith('.local') ||
    name.endsWith('.internal') ||
    !name.includes('.')
  );
}

export type WebhookUrlProblem = 'invalid_url' | 'unsupported_scheme' | 'credentials' | 'private_address';

/**
 * Judges a webhook URL without DNS: the scheme, embedded credentials, and a hostname that is a private
 * IP literal or a local name. A DNS name that passes must still have its addresses checked.
 */
export function checkWebhookUrl(
  value: string,
  allowPrivate: boolean,
): { ok: true; url: URL; literal: boolean } | { ok: false; problem: WebhookUrlProblem } {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { ok: false, problem: 'invalid_url' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return { ok: false, problem: 'unsupported_scheme' };
  if (url.username || url.password) return { ok: false, problem: 'credentials' };
  const literal = ipLiteral(url.hostname) !== undefined;
  if (!allowPrivate) {
    if (literal ? isPrivateAddress(url.hostname) : isLocalHostname(url.hostname)) {
      return { ok: false, problem: 'private_address' };
    }
  }
  return { ok: true, url, literal };
}
