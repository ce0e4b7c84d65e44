// A stand-in for the client routes, used only with FLYWHEEL_E2E_API=fake while the real ones are being
// built: it follows docs/client-contract.md closely enough to drive the widget in a real browser.
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { signIdentity } from '../../../examples/shop/server.ts';

interface FakeCustomer {
  external_id: string;
  name: string;
  email: string;
  code: string;
  rewards: unknown[];
  points: number;
}

const reward = (amount: number) => ({ type: 'amount_off', amount, currency: 'USD' });

export async function startFakeApi(secretKey: string, publishableKey: string) {
  const customers = new Map<string, FakeCustomer>();
  const program = {
    texts: {},
    theme: { brand_color: '#4f46e5', position: 'bottom-right', radius: 12 },
    referral: {
      enabled: true,
      referrer_reward: reward(1000),
      friend_reward: { type: 'percent_off', percent: 15 },
    },
    share_to_earn: { enabled: true, reward: { type: 'points', points: 50 }, daily_cap: 3 },
    loyalty: {
      enabled: true,
      points_per_unit: 1,
      signup_points: 100,
      birthday_points: 200,
      tiers: [{ name: 'Silver', threshold_points: 1000, multiplier: 1.25 }],
      redemption_options: [{ id: '5off', points: 500, reward: reward(500) }],
    },
    new_customer_offer: { enabled: true, reward: { type: 'percent_off', percent: 15 }, requires_email: true },
  };
  let visitors = 0;
  const customerState = (c: FakeCustomer, origin: string) => ({
    id: `cus_${c.code}`,
    external_id: c.external_id,
    name: c.name,
    email: c.email,
    referral_code: c.code,
    referral_url: `${origin}/?ref=${c.code}`,
    points_balance: c.points,
    tier: null,
    next_tier: { name: 'Silver', threshold_points: 1000 },
    stats: { clicks: 3, referrals: 1, conversions: 1 },
    rewards: c.rewards,
    ledger: [
      { delta: c.points, reason: 'signup', balance_after: c.points, created_at: '2026-01-02T10:00:00Z' },
    ],
  });
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const origin = req.headers.origin ?? '*';
    const send = (status: number, body: unknown, type = 'application/json') => {
      res.writeHead(status, { 'Content-Type': type, 'Access-Control-Allow-Origin': origin });
      res.end(typeof body === 'string' ? body : JSON.stringify(body));
    };
    if (url.pathname.startsWith('/widget/')) {
      try {
        const file = await readFile(
          new URL(`../../../widget/dist/${url.pathname.slice(8)}`, import.meta.url),
        );
        return send(200, file.toString(), 'text/javascript');
      } catch {
        return send(404, 'no');
      }
    }
    if (url.searchParams.get('key') !== publishableKey)
      return send(401, { error: { type: 'authentication' } });
    let raw = '';
    for await (const chunk of req) raw += chunk;
    const body = JSON.parse(raw || '{}');
    const session = body.session as string | undefined;
    const me = session ? customers.get(session) : undefined;
    switch (url.pathname) {
      case '/v1/client/bootstrap': {
        let customer: FakeCustomer | undefined;
        if (body.identity) {
          const { external_id, name, email, signature } = body.identity;
          const signed = [
            await signIdentity(secretKey, external_id),
            await signIdentity(secretKey, external_id, { email, name }),
          ];
          if (!signed.includes(signature)) {
            return send(401, { error: { type: 'authentication', code: 'bad_signature', message: 'no' } });
          }
          customer = customers.get(external_id) ?? {
            external_id,
            name: name ?? 'Ann',
            email: email ?? '',
            code: `${String(name ?? 'ANN')
              .toUpperCase()
              .slice(0, 3)}-7K2Q`,
            rewards: [],
            points: 600,
          };
          customers.set(external_id, customer);
        }
        const referrer = [...customers.values()].find((c) => c.code === body.ref);
        return send(200, {
          visitor_id: body.visitor_id ?? `vis_${++visitors}`,
          program,
          customer: customer ? customerState(customer, origin) : null,
          friend_offer:
            referrer && referrer !== customer
              ? { referrer_name: referrer.name, reward: program.referral.friend_reward, code: referrer.code }
              : null,
          ...(customer ? { session: customer.external_id } : {}),
        });
      }
      case '/v1/client/shares':
        if (!me) return send(401, { error: { type: 'authentication' } });
        return send(200, { share_url: `${origin}/?ref=${me.code}&fw_ch=${body.channel}` });
      case '/v1/client/offers/claim':
        return send(200, { reward: program.new_customer_offer.reward, coupon_code: 'FLY-WELCOME' });
      case '/v1/client/redeem': {
        if (!me) return send(401, { error: { type: 'authentication' } });
        me.points -= 500;
        const redeemed = {
          id: `rwd_${Date.now()}`,
          object: 'reward',
          customer: me.external_id,
          kind: 'coupon',
          source: 'redemption',
          status: 'issued',
          reward: reward(500),
          coupon_code: 'FLY-REDEEM5',
          available_at: '2026-01-01T00:00:00Z',
          created_at: '2026-01-01T00:00:00Z',
        };
        me.rewards.unshift(redeemed);
        return send(200, redeemed);
      }
      case '/v1/client/events':
        return send(202, { ok: true });
      default:
        return send(404, { error: { type: 'not_found' } });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
