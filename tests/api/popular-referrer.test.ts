import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness, type TestMerchant } from '../support/api-harness.ts';
import { DIALECTS } from '../support/databases.ts';
import { storyOf } from '../support/shop-story.ts';

const FRIENDS = 50;

describe.each(DIALECTS)('a popular referrer on %s', (dialect) => {
  let h: Harness;
  let shop: TestMerchant;
  let story: ReturnType<typeof storyOf>;
  beforeAll(async () => {
    h = await createHarness(dialect);
    shop = await h.createMerchant('Viral Shop', ['https://shop.example']);
    story = storyOf(h, shop);
    await story.setProgram({
      referral: {
        hold_days: 0,
        referrer_reward: { type: 'points', points: 100 },
        friend_reward: { type: 'percent_off', percent: 10 },
        milestones: [
          { referrals: 3, reward: { type: 'points', points: 1000 } },
          { referrals: 10, reward: { type: 'points', points: 5000 } },
        ],
      },
    });
  });
  afterAll(() => h.close());

  it('rewards every one of 50 friends whose first orders arrive at once, each exactly once', async () => {
    const ann = await story.customer('ann', { name: 'Ann', email: 'ann@example.com' });
    const results = await Promise.all(
      Array.from({ length: FRIENDS }, (_, i) =>
        story.order({
          external_id: `viral-${i}`,
          customer: { external_id: `friend-${i}`, email: `friend${i}@example.net` },
          referral_code: ann.referral_code,
        }),
      ),
    );
    expect(results.filter((r) => r.status >= 500)).toEqual([]);
    expect(results.map((r) => r.status)).toEqual(Array(FRIENDS).fill(201));
    expect(results.every((r) => r.body.attribution?.referrer === ann.id)).toBe(true);

    const db = h.database.db;
    const referrals = await db
      .selectFrom('referrals')
      .select(['friend_id', 'order_id'])
      .where('referrer_id', '=', ann.id)
      .where('status', '=', 'converted')
      .execute();
    expect(referrals).toHaveLength(FRIENDS);
    expect(new Set(referrals.map((r) => r.order_id)).size).toBe(FRIENDS);

    const rewards = await story.rewards('ann');
    expect(rewards.filter((r) => r.source === 'referral_referrer')).toHaveLength(FRIENDS);
    expect(rewards.filter((r) => r.source === 'milestone')).toHaveLength(2);
    const friendCoupons = await db
      .selectFrom('rewards')
      .select('coupon_code')
      .where('source', '=', 'referral_friend')
      .where('merchant_id', '=', shop.id)
      .execute();
    expect(friendCoupons).toHaveLength(FRIENDS);
    expect(new Set(friendCoupons.map((r) => r.coupon_code)).size).toBe(FRIENDS);

    const annNow = await story.getCustomer('ann');
    const ledger = await db
      .selectFrom('ledger_entries')
      .select(['delta', 'reason'])
      .where('customer_id', '=', ann.id)
      .where('account', '=', 'points')
      .execute();
    const sum = ledger.reduce((total, e) => total + Number(e.delta), 0);
    const fromReferrals = ledger.filter((e) => e.reason === 'referral_referrer' || e.reason === 'milestone');
    expect(fromReferrals.reduce((total, e) => total + Number(e.delta), 0)).toBe(FRIENDS * 100 + 6000);
    expect(annNow.points_balance).toBe(sum);
  });
});
