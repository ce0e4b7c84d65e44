// The address guard against the IANA IPv4 and IPv6 Special-Purpose Address Registries: one case per
// registry row (its first and last address), the IPv4 hidden inside IPv6 forms, and the webhook
// registration that must refuse them all. No delivery worker runs here: nothing is ever sent.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPrivateAddress } from '../../api/src/domain/private-address.ts';
import { createHarness, type Harness, snapshot, type TestMerchant } from '../support/api-harness.ts';
import { DIALECTS } from '../support/databases.ts';

/** [registry row, first address, last address] — written out by hand from the registries. */
const IPV4_ROWS: [string, string, string][] = [
  ['0.0.0.0/8 this network', '0.0.0.0', '0.255.255.255'],
  ['10.0.0.0/8 private use', '10.0.0.0', '10.255.255.255'],
  ['100.64.0.0/10 shared address space', '100.64.0.0', '100.127.255.255'],
  ['127.0.0.0/8 loopback', '127.0.0.0', '127.255.255.255'],
  ['169.254.0.0/16 link local', '169.254.0.0', '169.254.255.255'],
  ['172.16.0.0/12 private use', '172.16.0.0', '172.31.255.255'],
  ['192.0.0.0/24 IETF protocol assignments', '192.0.0.1', '192.0.0.255'],
  ['192.0.0.0/29 DS-Lite', '192.0.0.0', '192.0.0.7'],
  ['192.0.0.8/32 IPv4 dummy address', '192.0.0.8', '192.0.0.8'],
  ['192.0.0.9/32 port control protocol anycast', '192.0.0.9', '192.0.0.9'],
  ['192.0.0.10/32 TURN anycast', '192.0.0.10', '192.0.0.10'],
  ['192.0.0.170/32 NAT64/DNS64 discovery', '192.0.0.170', '192.0.0.171'],
  ['192.0.2.0/24 documentation TEST-NET-1', '192.0.2.0', '192.0.2.255'],
  ['192.31.196.0/24 AS112-v4', '192.31.196.0', '192.31.196.255'],
  ['192.52.193.0/24 AMT', '192.52.193.0', '192.52.193.255'],
  ['192.88.99.0/24 deprecated 6to4 relay anycast', '192.88.99.0', '192.88.99.255'],
  ['192.168.0.0/16 private use', '192.168.0.0', '192.168.255.255'],
  ['192.175.48.0/24 direct delegation AS112', '192.175.48.0', '192.175.48.255'],
  ['198.18.0.0/15 benchmarking', '198.18.0.0', '198.19.255.255'],
  ['198.51.100.0/24 documentation TEST-NET-2', '198.51.100.0', '198.51.100.255'],
  ['203.0.113.0/24 documentation TEST-NET-3', '203.0.113.0', '203.0.113.255'],
  ['224.0.0.0/4 multicast', '224.0.0.0', '239.255.255.255'],
  ['240.0.0.0/4 reserved', '240.0.0.0', '255.255.255.254'],
  ['255.255.255.255/32 limited broadcast', '255.255.255.255', '255.255.255.255'],
];

const IPV6_ROWS: [string, string, string][] = [
  ['::/128 unspecified', '::', '::'],
  ['::1/128 loopback', '::1', '::1'],
  ['::ffff:0:0/96 IPv4-mapped (private IPv4)', '::ffff:10.0.0.0', '::ffff:127.255.255.255'],
  ['64:ff9b::/96 NAT64 (private IPv4)', '64:ff9b::a9fe:a9fe', '64:ff9b::c0a8:ffff'],
  ['64:ff9b:1::/48 NAT64 local use', '64:ff9b:1::', '64:ff9b:1:ffff:ffff:ffff:ffff:ffff'],
  ['100::/64 discard-only', '100::', '100::ffff:ffff:ffff:ffff'],
  ['100:0:0:1::/64 dummy prefix', '100:0:0:1::', '100:0:0:1:ffff:ffff:ffff:ffff'],
  ['2001::/23 IETF protocol assignments', '2001::', '2001:1ff:ffff:ffff:ffff:ffff:ffff:ffff'],
  ['2001::/32 Teredo', '2001:0:4136:e378::', '2001:0:ffff:ffff:ffff:ffff:ffff:ffff'],
  ['2001:1::1/128 port control protocol anycast', '2001:1::1', '2001:1::1'],
  ['2001:1::2/128 TURN anycast', '2001:1::2', '2001:1::3'],
  ['2001:2::/48 benchmarking', '2001:2::', '2001:2:0:ffff:ffff:ffff:ffff:ffff'],
  ['2001:3::/32 AMT', '2001:3::', '2001:3:ffff:ffff:ffff:ffff:ffff:ffff'],
  ['2001:4:112::/48 AS112-v6', '2001:4:112::', '2001:4:112:ffff:ffff:ffff:ffff:ffff'],
  ['2001:10::/28 deprecated ORCHID', '2001:10::', '2001:1f:ffff:ffff:ffff:ffff:ffff:ffff'],
  ['2001:20::/28 ORCHIDv2', '2001:20::', '2001:2f:ffff:ffff:ffff:ffff:ffff:ffff'],
  ['2001:30::/28 drone remote ID', '2001:30::', '2001:3f:ffff:ffff:ffff:ffff:ffff:ffff'],
  ['2001:db8::/32 documentation', '2001:db8::', '2001:db8:ffff:ffff:ffff:ffff:ffff:ffff'],
  ['2002::/16 6to4', '2002::', '2002:ffff:ffff:ffff:ffff:ffff:ffff:ffff'],
  ['2620:4f:8000::/48 direct delegation AS112', '2620:4f:8000::', '2620:4f:8000:ffff:ffff:ffff:ffff:ffff'],
  ['3fff::/20 documentation', '3fff::', '3fff:fff:ffff:ffff:ffff:ffff:ffff:ffff'],
  ['5f00::/16 segment routing SIDs', '5f00::', '5f00:ffff:ffff:ffff:ffff:ffff:ffff:ffff'],
  ['fc00::/7 unique local', 'fc00::', 'fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff'],
  ['fe80::/10 link-local unicast', 'fe80::', 'febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff'],
  ['fec0::/10 deprecated site-local', 'fec0::', 'feff:ffff:ffff:ffff:ffff:ffff:ffff:ffff'],
  ['ff00::/8 multicast', 'ff00::', 'ff0e::1'],
];

/** IPv4 hidden inside IPv6, each form in its own way. 6to4 and Teredo are refused whatever they carry. */
const EMBEDDED: [string, string][] = [
  ['IPv4-mapped loopback', '::ffff:127.0.0.1'],
  ['IPv4-mapped metadata in hex', '::ffff:a9fe:a9fe'],
  ['IPv4-compatible loopback', '::127.0.0.1'],
  ['IPv4-translated private', '::ffff:0:10.1.2.3'],
  ['NAT64 loopback', '64:ff9b::127.0.0.1'],
  ['NAT64 benchmarking', '64:ff9b::198.18.0.1'],
  ['6to4 of 127.0.0.1', '2002:7f00:1::'],
  ['6to4 of the metadata address', '2002:a9fe:a9fe::1'],
  // Teredo keeps the client IPv4 with every bit inverted: 0x80ff:fffe is 127.0.0.1.
  ['Teredo with client 127.0.0.1', '2001:0:4136:e378:8000:63bf:80ff:fffe'],
  ['Teredo with a public server and client', '2001:0:5ef5:79fd:0:59d:a0e5:ba1'],
];

/** Just outside a row: ordinary public addresses the guard must let through. */
const PUBLIC = [
  '8.8.8.8',
  '9.255.255.255',
  '11.0.0.0',
  '100.63.255.255',
  '100.128.0.0',
  '172.15.255.255',
  '172.32.0.0',
  '192.0.1.1',
  '192.0.3.0',
  '192.88.98.255',
  '198.17.255.255',
  '198.20.0.0',
  '223.255.255.255',
  '::ffff:8.8.8.8',
  '64:ff9b::8.8.8.8',
  '2001:200::1',
  '2003::1',
  '2606:4700:4700::1111',
  '2620:4f:8001::1',
  '2a00:1450::1',
];

describe('the private-address guard', () => {
  it.each([...IPV4_ROWS, ...IPV6_ROWS])('refuses %s, from %s to %s', (_row, first, last) => {
    expect(isPrivateAddress(first)).toBe(true);
    expect(isPrivateAddress(last)).toBe(true);
  });

  it.each(EMBEDDED)('refuses %s (%s)', (_form, address) => {
    expect(isPrivateAddress(address)).toBe(true);
  });

  it.each(PUBLIC)('lets the public address %s through', (address) => {
    expect(isPrivateAddress(address)).toBe(false);
  });

  it('refuses IPv6 outside global unicast that no row names', () => {
    expect(isPrivateAddress('4000::1')).toBe(true);
    expect(isPrivateAddress('1::1')).toBe(true);
  });
});

describe.each(DIALECTS)('webhook registration on %s', (dialect) => {
  let h: Harness;
  let shop: TestMerchant;
  beforeAll(async () => {
    h = await createHarness(dialect, { allowPrivateWebhooks: false });
    shop = await h.createMerchant('Registry Shop');
  });
  afterAll(() => h.close());

  const urlOf = (address: string) => `https://${address.includes(':') ? `[${address}]` : address}/hook`;

  it('refuses an endpoint at any special-purpose address, and stores nothing', async () => {
    const before = await snapshot(h.database);
    const samples = [
      ...[...IPV4_ROWS, ...IPV6_ROWS].flatMap(([, first, last]) => [first, last]),
      ...EMBEDDED.map(([, address]) => address),
    ];
    const accepted: string[] = [];
    for (const address of samples) {
      const res = await h.request('POST', '/v1/webhook_endpoints', {
        key: shop.secret_key,
        body: { url: urlOf(address) },
      });
      if (res.status !== 400 || res.body.error.code !== 'url_not_allowed') accepted.push(address);
    }
    expect(accepted).toEqual([]);
    expect(await snapshot(h.database)).toEqual(before);
  });

  it('accepts an endpoint at a public address', async () => {
    const res = await h.request('POST', '/v1/webhook_endpoints', {
      key: shop.secret_key,
      body: { url: urlOf('2606:4700:4700::1111') },
    });
    expect(res.status).toBe(201);
  });
});
