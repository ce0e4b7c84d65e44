import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness, snapshot, type TestMerchant } from '../support/api-harness.ts';
import { DIALECTS } from '../support/databases.ts';

describe.each(DIALECTS)('the program on %s', (dialect) => {
  let h: Harness;
  let shop: TestMerchant;
  beforeAll(async () => {
    h = await createHarness(dialect);
    shop = await h.createMerchant();
  });
  afterAll(() => h.close());

  it('starts every merchant with the documented defaults', async () => {
    const res = await h.request('GET', '/v1/program', { key: shop.secret_key });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      object: 'program',
      referral: {
        enabled: true,
        attribution_window_days: 30,
        hold_days: 14,
        min_order_amount: 0,
        max_rewards_per_referrer: null,
      },
      share_to_earn: { enabled: true, daily_cap: 3 },
      loyalty: {
        enabled: true,
        points_per_unit: 1,
        signup_points: 100,
        birthday_points: 200,
        points_expiry_days: 365,
      },
      new_customer_offer: { enabled: true, requires_email: true },
      fraud: {
        max_referred_orders_per_ip_per_day: 3,
        flag_disposable_emails: true,
        flag_same_device_as_referrer: true,
      },
      segments: { active_days: 30, silent_days: 90, high_value_orders: 3 },
      coupon_prefix: 'FLY',
      landing_url: null,
      theme: { brand_color: '#4f46e5', position: 'bottom-right', radius: 12 },
    });
    expect(res.body.loyalty.tiers[0]).toEqual({ name: 'Silver', threshold_points: 1000, multiplier: 1.25 });
  });

  it('deep-merges a partial update and keeps every other setting', async () => {
    const res = await h.request('PUT', '/v1/program', {
      key: shop.secret_key,
      body: {
        referral: { hold_days: 0, friend_reward: { type: 'percent_off', percent: 15 } },
        theme: { brand_color: '#0a7d3b' },
      },
    });
    expect(res.status).toBe(200);
    expect(res.body.referral).toMatchObject({
      hold_days: 0,
      friend_reward: { type: 'percent_off', percent: 15 },
      attribution_window_days: 30,
      referrer_reward: { type: 'amount_off', amount: 1000, currency: 'USD' },
    });
    expect(res.body.theme).toEqual({
      brand_color: '#0a7d3b',
      position: 'bottom-right',
      radius: 12,
      color_scheme: 'auto',
    });
    const again = await h.request('GET', '/v1/program', { key: shop.secret_key });
    expect(again.body).toEqual(res.body);
  });

  it('accepts its own GET output back as a PUT', async () => {
    const current = await h.request('GET', '/v1/program', { key: shop.secret_key });
    const res = await h.request('PUT', '/v1/program', { key: shop.secret_key, body: current.body });
    expect(res.status).toBe(200);
    expect(res.body).toEqual(current.body);
  });

  it('names every invalid field and changes nothing', async () => {
    const before = await snapshot(h.database);
    const res = await h.request('PUT', '/v1/program', {
      key: shop.secret_key,
      body: {
        referral: { hold_days: -1, referrer_reward: { type: 'amount_off', amount: 500 } },
        theme: { brand_color: 'blue' },
        loyalty: { tierz: [] },
      },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.type).toBe('invalid_request');
    const params = res.body.error.errors.map((e: { param: string }) => e.param);
    expect(res.body.error.param).toBe(params[0]);
    expect(params).toEqual(
      expect.arrayContaining([
        'referral.hold_days',
        'referral.referrer_reward.currency',
        'theme.brand_color',
        'loyalty.tierz',
      ]),
    );
    expect(await snapshot(h.database)).toEqual(before);
  });

  it("keeps one merchant's program away from another's", async () => {
    const other = await h.createMerchant('Other');
    await h.request('PUT', '/v1/program', { key: other.secret_key, body: { coupon_prefix: 'OTHER' } });
    const mine = await h.request('GET', '/v1/program', { key: shop.secret_key });
    expect(mine.body.coupon_prefix).toBe('FLY');
  });
});
