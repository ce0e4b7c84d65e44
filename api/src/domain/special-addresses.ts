// The IANA IPv4 and IPv6 Special-Purpose Address Registries (RFC 6890 and its updates), plus multicast
// and the IPv6 space outside global unicast: every range a webhook or shop call must never reach.
// A table of our own rather than a library's named ranges: the guard needs per-row policy (a NAT64 or
// IPv4-mapped address is judged by the IPv4 it carries), and a test checks it row by row.
import { parseIpv4, parseIpv6 } from './ip-literal.ts';

interface Row {
  prefix: string;
  bits: number;
  name: string;
  /** The low 32 bits are an IPv4 address that the connection really reaches: judge that one instead. */
  carriesIpv4?: true;
}

export const SPECIAL_IPV4: readonly Row[] = [
  { prefix: '0.0.0.0', bits: 8, name: '"this network" (RFC 791)' },
  { prefix: '10.0.0.0', bits: 8, name: 'private use (RFC 1918)' },
  { prefix: '100.64.0.0', bits: 10, name: 'shared address space / CGNAT (RFC 6598)' },
  { prefix: '127.0.0.0', bits: 8, name: 'loopback (RFC 1122)' },
  { prefix: '169.254.0.0', bits: 16, name: 'link local, incl. cloud metadata (RFC 3927)' },
  { prefix: '172.16.0.0', bits: 12, name: 'private use (RFC 1918)' },
  { prefix: '192.0.0.0', bits: 24, name: 'IETF protocol assignments (RFC 6890)' },
  { prefix: '192.0.2.0', bits: 24, name: 'documentation TEST-NET-1 (RFC 5737)' },
  { prefix: '192.31.196.0', bits: 24, name: 'AS112-v4 (RFC 7535)' },
  { prefix: '192.52.193.0', bits: 24, name: 'AMT (RFC 7450)' },
  { prefix: '192.88.99.0', bits: 24, name: 'deprecated 6to4 relay anycast (RFC 7526)' },
  { prefix: '192.168.0.0', bits: 16, name: 'private use (RFC 1918)' },
  { prefix: '192.175.48.0', bits: 24, name: 'direct delegation AS112 service (RFC 7534)' },
  { prefix: '198.18.0.0', bits: 15, name: 'benchmarking (RFC 2544)' },
  { prefix: '198.51.100.0', bits: 24, name: 'documentation TEST-NET-2 (RFC 5737)' },
  { prefix: '203.0.113.0', bits: 24, name: 'documentation TEST-NET-3 (RFC 5737)' },
  { prefix: '224.0.0.0', bits: 4, name: 'multicast (RFC 5771)' },
  { prefix: '240.0.0.0', bits: 4, name: 'reserved (RFC 1112)' },
  { prefix: '255.255.255.255', bits: 32, name: 'limited broadcast (RFC 919)' },
];

export const SPECIAL_IPV6: readonly Row[] = [
  { prefix: '::', bits: 128, name: 'unspecified (RFC 4291)' },
  { prefix: '::1', bits: 128, name: 'loopback (RFC 4291)' },
  { prefix: '::ffff:0:0', bits: 96, name: 'IPv4-mapped (RFC 4291)', carriesIpv4: true },
  { prefix: '::', bits: 96, name: 'IPv4-compatible, deprecated (RFC 4291)', carriesIpv4: true },
  { prefix: '::ffff:0:0:0', bits: 96, name: 'IPv4-translated (RFC 6145)', carriesIpv4: true },
  { prefix: '64:ff9b::', bits: 96, name: 'NAT64 well-known prefix (RFC 6052)', carriesIpv4: true },
  { prefix: '64:ff9b:1::', bits: 48, name: 'NAT64 local-use prefix (RFC 8215)' },
  { prefix: '100::', bits: 64, name: 'discard-only (RFC 6666)' },
  { prefix: '100:0:0:1::', bits: 64, name: 'dummy IPv6 prefix (RFC 9780)' },
  // 2001::/23 holds Teredo (2001::/32, whose client IPv4 is stored inverted), benchmarking, AMT,
  // AS112-v6, ORCHID and drone remote ID: all refused whole, whatever IPv4 they carry.
  { prefix: '2001::', bits: 23, name: 'IETF protocol assignments, incl. Teredo (RFC 2928, 4380)' },
  { prefix: '2001:db8::', bits: 32, name: 'documentation (RFC 3849)' },
  // A 6to4 address tunnels to the IPv4 in its bits 16-47 through relays; refused whole.
  { prefix: '2002::', bits: 16, name: '6to4 (RFC 3056)' },
  { prefix: '2620:4f:8000::', bits: 48, name: 'direct delegation AS112 service (RFC 7534)' },
  { prefix: '3fff::', bits: 20, name: 'documentation (RFC 9637)' },
  { prefix: '5f00::', bits: 16, name: 'segment routing SIDs (RFC 9602)' },
  { prefix: 'fc00::', bits: 7, name: 'unique local (RFC 4193)' },
  { prefix: 'fe80::', bits: 10, name: 'link-local unicast (RFC 4291)' },
  { prefix: 'fec0::', bits: 10, name: 'site-local, deprecated (RFC 3879)' },
  { prefix: 'ff00::', bits: 8, name: 'multicast (RFC 4291)' },
];

/** Global unicast (RFC 4291): anything outside it is unassigned or special, and never a receiver. */
const GLOBAL_UNICAST = { prefix: [0x2000, 0, 0, 0, 0, 0, 0, 0], bits: 3 };

function inPrefix(value: readonly number[], prefix: readonly number[], bits: number, width: number): boolean {
  for (let i = 0, left = bits; left > 0; i++, left -= width) {
    const keep = Math.min(width, left);
    const mask = ((1 << keep) - 1) << (width - keep);
    if (((value[i] ?? 0) & mask) !== ((prefix[i] ?? 0) & mask)) return false;
  }
  return true;
}

const compiled = (rows: readonly Row[], parse: (text: string) => number[] | undefined) =>
  rows.map((row) => ({ ...row, groups: parse(row.prefix)! }));
const IPV4 = compiled(SPECIAL_IPV4, parseIpv4);
const IPV6 = compiled(SPECIAL_IPV6, parseIpv6);

/** The registry row an IPv4 address falls in, or undefined for an ordinary public address. */
export function specialIpv4(octets: readonly number[]): string | undefined {
  return IPV4.find((row) => inPrefix(octets, row.groups, row.bits, 8))?.name;
}

/**
 * The registry row an IPv6 address falls in, or undefined for an ordinary public address. A form that
 * carries an IPv4 (mapped, compatible, translated, NAT64) answers for the IPv4 it carries; `::` and
 * `::1` are their own rows first, so they are never read as 0.0.0.0 or 0.0.0.1.
 */
export function specialIpv6(groups: readonly number[]): string | undefined {
  const row = IPV6.find((r) => inPrefix(groups, r.groups, r.bits, 16));
  if (row?.carriesIpv4) {
    const [g6 = 0, g7 = 0] = groups.slice(6);
    const inner = specialIpv4([g6 >> 8, g6 & 0xff, g7 >> 8, g7 & 0xff]);
    return inner ? `${inner} inside ${row.name}` : undefined;
  }
  if (row) return row.name;
  if (!inPrefix(groups, GLOBAL_UNICAST.prefix, GLOBAL_UNICAST.bits, 16)) return 'outside global unicast';
  return undefined;
}
