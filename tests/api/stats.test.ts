import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness, type TestMerchant } from '../support/api-harness.ts';
import { DIALECTS } from '../support/databases.ts';
import { storyOf } from '../support/shop-story.ts';

describe.each(DIALECTS)('flywheel KPIs on %s', (dialect) => {
  let h: Harness;
  let shop: TestMerchant;
  let story: ReturnType<typeof storyOf>;
  beforeAll(async () => {
    h = await createHarness(dialect);
    shop = await h.createMerchant('KPI Shop', ['https://shop.example']);
    story = storyOf(h, shop);
    await story.setProgram({ referral: { hold_days: 0 } });
  });
  afterAll(() => h.close());

  it('measures the loop: new customers, the referred share, clicks to first orders, cost and ROI', async () => {
    // Two existing buyers before the period; one refers two friends out of three clicks.
    const ann = await story.customer('ann', { name: 'Ann' });
    await story.order({ external_id: 'a1', customer: { external_id: 'ann' }, amount: 8000 });
    await story.order({ external_id: 'z1', customer: { external_id: 'zed' }, amount: 2000 });
    h.clock.advance(86_400_000);
    const from = h.clock.now().toISOString();
    const v1 = await story.click(ann.referral_code);
    const v2 = await story.click(ann.referral_code);
    await story.click(ann.referral_code);
    await story.order({
      external_id: 'f1',
      customer: { external_id: 'f1' },
      amount: 5000,
      visitor_id: v1.visitor_id,
    });
    await story.order({
      external_id: 'f2',
      customer: { external_id: 'f2' },
      amount: 3000,
      visitor_id: v2.visitor_id,
    });
    await story.order({ external_id: 'w1', customer: { external_id: 'walkin' }, amount: 4000 });
    await story.order({ external_id: 'a2', customer: { external_id: 'ann' }, amount: 1000 });
    h.clock.advance(1000);

    const res = await h.request('GET', `/v1/stats?from=${from}&to=${h.clock.now().toISOString()}`, {
      key: shop.secret_key,
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      object: 'stats',
      currency: 'USD',
      customers: 5,
      new_customers: 3,
      referred_customers: 2,
      organic_share: 0.6667,
      clicks: 3,
      click_to_first_order: 0.6667,
      k_factor: 1,
      referral_revenue: 8000,
      // Two referrer and two friend coupons of 1000 each.
      reward_cost: 4000,
      referral_roi: 1,
      repeat_purchase_rate: 0.2,
      participation_rate: 0.2,
      avg_ltv: { referred: 4000, other: 5000 },
    });
    expect(res.body.viral_cycle_days).toBeCloseTo(1, 1);
    expect(res.body.segments).toEqual({ new: 0, active: 1, purchased: 4, high_value: 0, silent: 0 });
  });

  it('refuses a period that ends before it starts', async () => {
    const res = await h.request(
      'GET',
      '/v1/stats?from=2026-03-10T00:00:00.000Z&to=2026-03-01T00:00:00.000Z',
      { key: shop.secret_key },
    );
    expect(res.status).toBe(400);
    expect(res.body.error.param).toBe('from');
  });
});
