// Request-forgery guard for webhook URLs: is an address one a public webhook must never reach?
// Pure (no DNS): callers resolve names themselves and check every address they get back.

/** Parses dotted-quad IPv4 into four octets, or undefined. (URL() already normalizes `0x7f.1` forms.) */
function parseIpv4(text: string): number[] | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  const octets: number[] = [];
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return undefined;
    const n = Number(part);
    if (n > 255) return undefined;
    octets.push(n);
  }
  return octets;
}

/** Parses IPv6 (with `::` and an optional trailing dotted IPv4) into eight 16-bit groups. */
function parseIpv6(text: string): number[] | undefined {
  let input = text.toLowerCase();
  const zone = input.indexOf('%');
  if (zone !== -1) input = input.slice(0, zone);
  let tail: number[] = [];
  if (input.includes('.')) {
    const lastColon = input.lastIndexOf(':');
    const v4 = parseIpv4(input.slice(lastColon + 1));
    if (!v4) return undefined;
    tail = [(v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!];
    input = input.slice(0, lastColon + 1);
    if (!input.endsWith('::')) input = input.slice(0, -1);
  }
  const halves = input.split('::');
  if (halves.length > 2) return undefined;
  const parseGroups = (s: string) => (s === '' ? [] : s.split(':'));
  const head = parseGroups(halves[0]!);
  const rest = halves.length === 2 ? parseGroups(halves[1]!) : [];
  const groups: number[] = [];
  for (const g of [...head, ...rest]) {
    if (!/^[0-9a-f]{1,4}$/.test(g)) return undefined;
  }
  const explicit = head.length + rest.length + tail.length;
  if (halves.length === 1 && explicit !== 8) return undefined;
  if (halves.length === 2 && explicit > 7) return undefined;
  for (const g of head) groups.push(Number.parseInt(g, 16));
  if (halves.length === 2) for (let i = 0; i < 8 - explicit; i++) groups.push(0);
  for (const g of rest) groups.push(Number.parseInt(g, 16));
  groups.push(...tail);
  return groups.length === 8 ? groups : undefined;
}

function isPrivateIpv4([a, b]: number[]): boolean {
  if (a === undefined || b === undefined) return true;
  return (
    a === 0 || // 0.0.0.0/8 "this network"
    a === 10 ||
    a === 127 ||
    (a === 100 && b >= 64 && b <= 127) || // CGNAT 100.64/10
    (a === 169 && b === 254) || // link-local, incl. the 169.254.169.254 metadata service
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    a >= 224 // multicast and reserved: never a webhook receiver
  );
}

function isPrivateIpv6(groups: number[]): boolean {
  const [g0 = 0, , , , , g5 = 0, g6 = 0, g7 = 0] = groups;
  const allZeroBefore = (n: number) => groups.slice(0, n).every((g) => g === 0);
  if (allZeroBefore(7) && (g7 === 0 || g7 === 1)) return true; // :: and ::1
  // IPv4-mapped (::ffff:a.b.c.d) and IPv4-compatible (::a.b.c.d): judge the embedded IPv4.
  if (allZeroBefore(5) && (g5 === 0xffff || g5 === 0)) {
    return isPrivateIpv4([g6 >> 8, g6 & 0xff, g7 >> 8, g7 & 0xff]);
  }
  // NAT64 (64:ff9b::/96) reaches IPv4 space through a translator: judge the embedded IPv4 too.
  if (g0 === 0x64 && groups[1] === 0xff9b && groups.slice(2, 6).every((g) => g === 0)) {
    return isPrivateIpv4([g6 >> 8, g6 & 0xff, g7 >> 8, g7 & 0xff]);
  }
  if ((g0 & 0xfe00) === 0xfc00) return true; // unique local fc00::/7
  if ((g0 & 0xffc0) === 0xfe80) return true; // link-local fe80::/10
  if ((g0 & 0xffc0) === 0xfec0) return true; // deprecated site-local fec0::/10
  if ((g0 & 0xff00) === 0xff00) return true; // multicast
  return false;
}

/** The IP literal a URL hostname names (`10.0.0.1`, `[::1]`), or undefined for a DNS name. */
export function ipLiteral(hostname: string): { version: 4 | 6; groups: number[] } | undefined {
  const bare = hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
  const v4 = parseIpv4(bare);
  if (v4) return { version: 4, groups: v4 };
  if (bare.includes(':')) {
    const v6 = parseIpv6(bare);
    if (v6) return { version: 6, groups: v6 };
  }
  return undefined;
}

/**
 * True for loopback, private, link-local, CGNAT, "this network", unique-local, multicast and the cloud
 * metadata address — in IPv4, IPv6, or IPv4 embedded in IPv6. Unparseable input counts as private:
 * a guard must fail closed.
 */
export function isPrivateAddress(address: string): boolean {
  const ip = ipLiteral(address);
  if (!ip) return true;
  return ip.version === 4 ? isPrivateIpv4(ip.groups) : isPrivateIpv6(ip.groups);
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
