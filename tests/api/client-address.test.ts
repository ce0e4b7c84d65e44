// The address rate limits and fraud checks use comes from the connection, never from a header any
// client can set — unless the operator declared the proxy in front (FLYWHEEL_TRUST_PROXY).
import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { manualClock } from '../../api/src/clock.ts';
import { clientBehindProxies } from '../../api/src/domain/device.ts';
import { type RunningServer, startServer } from '../../api/src/node.ts';
import { parseTrustedProxies } from '../../api/src/node-client-address.ts';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../support/databases.ts';

const ORIGIN = 'https://shop.example';
const SPOOFS = [
  { 'X-Forwarded-For': '1.2.3.4' },
  { 'CF-Connecting-IP': '1.2.3.5' },
  { 'X-Real-IP': '1.2.3.6' },
  { 'X-Forwarded-For': '1.2.3.7, 127.0.0.1' },
];

describe('which hop of X-Forwarded-For is the client', () => {
  const trusted = parseTrustedProxies('loopback, 10.0.0.0/8, 2001:db8::/32');
  it('ignores the header when the connection is not a declared proxy', () => {
    expect(clientBehindProxies('203.0.113.5', '1.2.3.4', trusted)).toBe('203.0.113.5');
    expect(clientBehindProxies('203.0.113.5', '1.2.3.4', parseTrustedProxies(undefined))).toBe('203.0.113.5');
  });
  it('takes the rightmost address no declared proxy added', () => {
    expect(clientBehindProxies('127.0.0.1', '1.2.3.4, 203.0.113.9, 10.1.2.3', trusted)).toBe('203.0.113.9');
    expect(clientBehindProxies('::ffff:10.0.0.1', '198.51.100.4', trusted)).toBe('198.51.100.4');
    expect(clientBehindProxies('2001:db8::1', '10.0.0.9, 10.0.0.8', trusted)).toBe('10.0.0.9');
  });
  it('refuses a value that names no address, instead of trusting the wrong hosts', () => {
    expect(() => parseTrustedProxies('10.0.0.0/33')).toThrow(/FLYWHEEL_TRUST_PROXY/);
    expect(() => parseTrustedProxies('proxy.internal')).toThrow(/FLYWHEEL_TRUST_PROXY/);
  });
});

describe.each(DIALECTS)('the client address on a real server on %s', (dialect) => {
  let database: TestDatabase;
  let server: RunningServer;
  afterEach(async () => {
    await server.close();
    await database.destroy();
  });

  async function start(trustProxy?: string) {
    database = await createTestDatabase(dialect);
    server = await startServer({
      port: 0,
      databaseUrl: database.url,
      ...(database.schema ? { databaseSchema: database.schema } : {}),
      jobs: false,
      demo: false,
      log: false,
      adminToken: 'admin',
      // Rate limits count in fixed minutes: a stopped clock keeps the whole story inside one.
      clock: manualClock(new Date('2026-03-01T12:00:10.000Z')),
      ...(trustProxy ? { trustProxy } : {}),
    });
    const res = await fetch(`${server.url}/admin/v1/merchants`, {
      method: 'POST',
      headers: { Authorization: 'Bearer admin', 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'Shop', allowed_origins: [ORIGIN] }),
    });
    const shop = (await res.json()) as { publishable_key: string; secret_key: string };
    const client = (path: string, body: unknown, headers: Record<string, string> = {}) =>
      fetch(`${server.url}/v1/client/${path}?key=${shop.publishable_key}`, {
        method: 'POST',
        headers: { Origin: ORIGIN, 'Content-Type': 'application/json', ...headers },
        body: JSON.stringify(body),
      });
    return { shop, client };
  }

  async function exhaustClaims(client: Awaited<ReturnType<typeof start>>['client']) {
    const visitor = (await (await client('bootstrap', {})).json()) as { visitor_id: string };
    for (let i = 0; i < 60; i++) {
      const ok = await client('offers/claim', {
        visitor_id: visitor.visitor_id,
        email: `bulk${i}@spam.test`,
      });
      expect(ok.status).toBe(200);
    }
    expect(
      (await client('offers/claim', { visitor_id: visitor.visitor_id, email: 'x@spam.test' })).status,
    ).toBe(429);
    return visitor.visitor_id;
  }

  it('keeps a script at 429 whatever forwarding header it invents', async () => {
    const { client } = await start();
    const visitorId = await exhaustClaims(client);
    for (const [i, spoof] of SPOOFS.entries()) {
      const res = await client(
        'offers/claim',
        { visitor_id: visitorId, email: `spoof${i}@spam.test` },
        spoof,
      );
      expect(res.status).toBe(429);
      expect(await res.json()).not.toHaveProperty('coupon_code');
    }
  });

  it('still flags a friend on the referrer’s device when the friend spoofs a forwarding header', async () => {
    const { shop, client } = await start();
    const ua = { 'User-Agent': 'SameBrowser/9' };
    const zoe = 'zoe-1';
    const signature = createHmac('sha256', shop.secret_key).update(zoe).digest('hex');
    const me = (await (
      await client('bootstrap', { identity: { external_id: zoe, signature } }, ua)
    ).json()) as {
      customer: { referral_code: string };
    };
    for (const spoof of SPOOFS) {
      const { visitor_id } = (await (
        await client('bootstrap', { ref: me.customer.referral_code }, { ...ua, ...spoof })
      ).json()) as { visitor_id: string };
      const order = await fetch(`${server.url}/v1/orders`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${shop.secret_key}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({
          external_id: `o-${visitor_id}`,
          amount: 5000,
          currency: 'USD',
          customer: { external_id: `friend-${visitor_id}` },
          visitor_id,
        }),
      });
      const body = (await order.json()) as { attribution: unknown; rewards: { flags: string[] }[] };
      expect(body.attribution).toMatchObject({ method: 'link' });
      expect(body.rewards[0]?.flags).toContain('same_device_as_referrer');
    }
  });

  it('honours X-Forwarded-For from a proxy the operator declared', async () => {
    const { client } = await start('loopback');
    const visitorId = await exhaustClaims(client);
    const other = await client(
      'offers/claim',
      { visitor_id: visitorId, email: 'real@shopper.test' },
      { 'X-Forwarded-For': '198.51.100.77' },
    );
    expect(other.status).toBe(200);
  });
});
