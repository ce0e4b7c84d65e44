import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness, type TestMerchant } from '../support/api-harness.ts';
import { DIALECTS } from '../support/databases.ts';
import { storyOf } from '../support/shop-story.ts';

describe.each(DIALECTS)('orders under concurrency on %s', (dialect) => {
  let h: Harness;
  let shop: TestMerchant;
  let story: ReturnType<typeof storyOf>;
  beforeAll(async () => {
    h = await createHarness(dialect);
    shop = await h.createMerchant('Busy Shop', ['https://shop.example']);
    story = storyOf(h, shop);
    await story.setProgram({ referral: { hold_days: 0 } });
  });
  afterAll(() => h.close());

  it('records one order and one reward pair when the same order is posted 100 times at once', async () => {
    const ann = await story.customer('ann', { name: 'Ann' });
    const body = {
      external_id: 'race-1',
      customer: { external_id: 'friend-race', email: 'fr@example.com' },
      referral_code: ann.referral_code,
    };
    const results = await Promise.all(Array.from({ length: 100 }, () => story.order(body)));
    expect(results.map((r) => r.status).sort()).toEqual([...Array(99).fill(200), 201]);
    expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
    const db = h.database.db;
    expect(
      await db.selectFrom('orders').select('id').where('external_id', '=', 'race-1').execute(),
    ).toHaveLength(1);
    expect(
      await db.selectFrom('customers').select('id').where('external_id', '=', 'friend-race').execute(),
    ).toHaveLength(1);
    const rewards = await db
      .selectFrom('rewards')
      .select('source')
      .where('order_id', '=', results[0]!.body.id)
      .execute();
    expect(rewards.map((r) => r.source).sort()).toEqual(['referral_friend', 'referral_referrer']);
    const purchase = await db
      .selectFrom('ledger_entries')
      .select('id')
      .where('cause_key', 'like', 'purchase:%')
      .where('order_id', '=', results[0]!.body.id)
      .execute();
    expect(purchase).toHaveLength(1);
  });

  it('decides "first order" once when a new friend’s two different orders arrive together', async () => {
    const bo = await story.customer('bo', { name: 'Bo' });
    const friend = { external_id: 'friend-twice' };
    const [a, b] = await Promise.all([
      story.order({ external_id: 'twin-a', customer: friend, referral_code: bo.referral_code }),
      story.order({ external_id: 'twin-b', customer: friend, referral_code: bo.referral_code }),
    ]);
    expect([a.status, b.status]).toEqual([201, 201]);
    const attributed = [a, b].filter((r) => r.body.attribution && !r.body.attribution.rejected);
    expect(attributed).toHaveLength(1);
    expect((await story.rewards('bo')).filter((r) => r.source === 'referral_referrer')).toHaveLength(1);
  });
});
