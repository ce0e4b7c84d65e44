// IP literals as numbers: IPv4 as four octets, IPv6 as eight 16-bit groups. Pure, for the address
// guard (domain/special-addresses.ts), which needs the bits, not just validity.

/** Parses dotted-quad IPv4 into four octets, or undefined. (URL() already normalizes `0x7f.1` forms.) */
export function parseIpv4(text: string): number[] | undefined {
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
export function parseIpv6(text: string): number[] | undefined {
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
