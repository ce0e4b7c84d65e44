// Property test: whatever happens to a shop — orders, refunds, adjustments, redemptions, time passing —
// every balance equals the sum of its entries, no coupon code is issued twice, and no order is
// rewarded twice.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { releaseHeldRewards } from '../../api/src/jobs/release-held-rewards.ts';
import { createHarness, type Harness, type TestMerchant } from '../support/api-harness.ts';
import { DIALECTS } from '../support/databases.ts';
import { storyOf } from '../support/shop-story.ts';

const SHOPPERS = ['s0', 's1', 's2', 's3'];

const action = fc.oneof(
  fc.record({
    kind: fc.constant('order' as const),
    shopper: fc.integer({ min: 0, max: 3 }),
    via: fc.integer({ min: 0, max: 3 }),
    amount: fc.integer({ min: 100, max: 20000 }),
  }),
  fc.record({
    kind: fc.constant('refund' as const),
    pick: fc.nat(),
    part: fc.option(fc.integer({ min: 1, max: 5000 }), { nil: undefined }),
  }),
  fc.record({
    kind: fc.constant('adjust' as const),
    shopper: fc.integer({ min: 0, max: 3 }),
    delta: fc.integer({ min: -300, max: 600 }).filter((d) => d !== 0),
  }),
  fc.record({ kind: fc.constant('redeem' as const), shopper: fc.integer({ min: 0, max: 3 }) }),
  fc.record({ kind: fc.constant('time' as const), days: fc.integer({ min: 1, max: 20 }) }),
);

describe.each(DIALECTS)('ledger invariants on %s', (dialect) => {
  let h: Harness;
  let shop: TestMerchant;
  let run = 0;
  beforeAll(async () => {
    h = await createHarness(dialect);
  });
  afterAll(() => h.close());

  it('keeps balance = Σ entries, unique coupon codes and at most one reward pair per order', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 5, maxLength: 25 }), async (actions) => {
        run++;
        shop = await h.createMerchant(`Prop ${run}`);
        const story = storyOf(h, shop);
        await story.setProgram({
          referral: { hold_days: 3, referrer_reward: { type: 'points', points: 200 } },
        });
        const codes: string[] = [];
        for (const s of SHOPPERS)
          codes.push((await story.customer(`${s}_${run}`, { name: s })).referral_code);
        const orders: string[] = [];
        for (const [i, a] of actions.entries()) {
          if (a.kind === 'order') {
            const id = `o${i}_${run}`;
            const res = await story.order({
              external_id: id,
              customer: { external_id: `${SHOPPERS[a.shopper]}_${run}` },
              amount: a.amount,
              ...(a.via !== a.shopper ? { referral_code: codes[a.via] } : {}),
            });
            expect(res.status).toBe(201);
            orders.push(id);
          } else if (a.kind === 'refund' && orders.length > 0) {
            const res = await story.refund(orders[a.pick % orders.length]!, a.part ? { amount: a.part } : {});
            expect([200, 400, 409]).toContain(res.status);
          } else if (a.kind === 'adjust') {
            const res = await h.request('POST', '/v1/points/adjust', {
              key: shop.secret_key,
              body: { customer: `${SHOPPERS[a.shopper]}_${run}`, delta: a.delta, reason: 'prop' },
            });
            expect([200, 409]).toContain(res.status);
          } else if (a.kind === 'redeem') {
            const me = await story.identify(`${SHOPPERS[a.shopper]}_${run}`);
            const res = await h.request('POST', `/v1/client/redeem?key=${shop.publishable_key}`, {
              body: { option_id: '5off', session: me.body.session },
              headers: { Origin: 'https://shop.example' },
            });
            expect([200, 409]).toContain(res.status);
          } else if (a.kind === 'time') {
            h.clock.advance(a.days * 86_400_000);
            await releaseHeldRewards(h.app.deps);
          }
        }
        const db = h.database.db;
        const customers = await db
          .selectFrom('customers')
          .select(['id', 'points_balance'])
          .where('merchant_id', '=', shop.id)
          .execute();
        for (const c of customers) {
          const entries = await db
            .selectFrom('ledger_entries')
            .select(['delta', 'balance_after', 'id'])
            .where('customer_id', '=', c.id)
            .where('account', '=', 'points')
            .orderBy('id')
            .execute();
          const sum = entries.reduce((s, e) => s + Number(e.delta), 0);
          expect(Number(c.points_balance)).toBe(sum);
          let running = 0;
          for (const e of entries) {
            running += Number(e.delta);
            expect(Number(e.balance_after)).toBe(running);
          }
        }
        const issued = await db
          .selectFrom('coupon_codes')
          .select('code')
          .where('merchant_id', '=', shop.id)
          .where('issued_at', 'is not', null)
          .execute();
        expect(new Set(issued.map((c) => c.code)).size).toBe(issued.length);
        const rewardCodes = await db
          .selectFrom('rewards')
          .select('coupon_code')
          .where('merchant_id', '=', shop.id)
          .where('coupon_code', 'is not', null)
          .execute();
        expect(new Set(rewardCodes.map((r) => r.coupon_code)).size).toBe(rewardCodes.length);
        const perOrder = await db
          .selectFrom('rewards')
          .select(['order_id', 'source', (eb) => eb.fn.countAll<number>().as('n')])
          .where('merchant_id', '=', shop.id)
          .where('source', 'in', ['referral_referrer', 'referral_friend'])
          .groupBy(['order_id', 'source'])
          .execute();
        for (const row of perOrder) expect(Number(row.n)).toBe(1);
        const voidedBack = await db
          .selectFrom('rewards')
          .select('id')
          .where('merchant_id', '=', shop.id)
          .where('voided_at', 'is not', null)
          .where('status', '!=', 'voided')
          .execute();
        expect(voidedBack).toEqual([]);
      }),
      { numRuns: dialect === 'postgres' ? 8 : 15, seed: 20261122 },
    );
  });
});
