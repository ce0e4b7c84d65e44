// Redeeming "any amount": the shopper chooses how many points become an amount off, at the program's
// rate and from its minimum, through the ledger in one transaction.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness, snapshot, type TestMerchant } from '../support/api-harness.ts';
import { DIALECTS } from '../support/databases.ts';
import { storyOf } from '../support/shop-story.ts';

describe.each(DIALECTS)('any-amount redemption on %s', (dialect) => {
  let h: Harness;
  let shop: TestMerchant;
  let story: ReturnType<typeof storyOf>;
  const redeem = async (customer: string, body: Record<string, unknown>) => {
    const me = await story.identify(customer);
    return h.request('POST', `/v1/client/redeem?key=${shop.publishable_key}`, {
      body: { ...body, session: me.body.session },
      headers: { Origin: 'https://shop.example' },
    });
  };

  beforeAll(async () => {
    h = await createHarness(dialect);
    shop = await h.createMerchant('Any Amount Shop');
    story = storyOf(h, shop);
    await story.setProgram({
      loyalty: { any_amount: { points: 100, amount: 100, currency: 'USD', min_points: 500 } },
    });
  });
  afterAll(() => h.close());

  it('turns whole steps of points into an amount off and charges only those', async () => {
    await story.customer('ava');
    await h.request('POST', '/v1/points/adjust', {
      key: shop.secret_key,
      body: { customer: 'ava', delta: 1050, reason: 'welcome gift' },
    });
    const boot = await story.identify('ava');
    expect(boot.body.lifecycle.any_amount).toEqual({
      points: 100,
      amount: 100,
      currency: 'USD',
      min_points: 500,
    });

    const res = await redeem('ava', { option_id: 'any_amount', points: 1150 });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      source: 'redemption',
      status: 'issued',
      reward: { type: 'amount_off', amount: 1100, currency: 'USD' },
      coupon_code: expect.stringMatching(/^FLY-/),
    });
    expect((await story.ledger('ava'))[0]).toMatchObject({
      delta: -1100,
      reason: 'redemption',
      balance_after: 50,
    });
  });

  it('refuses less than the minimum, or more than the balance, and changes nothing', async () => {
    await story.customer('bea');
    const before = await snapshot(h.database);
    const small = await redeem('bea', { option_id: 'any_amount', points: 400 });
    expect(small.status).toBe(400);
    expect(small.body.error).toMatchObject({ code: 'points_below_minimum', param: 'points' });
    const missing = await redeem('bea', { option_id: 'any_amount' });
    expect(missing.status).toBe(400);
    const tooMuch = await redeem('bea', { option_id: 'any_amount', points: 600 });
    expect(tooMuch.status).toBe(409);
    expect(tooMuch.body.error.code).toBe('insufficient_points');
    const after = await snapshot(h.database);
    // Identifying the shopper touches only their visit; no reward, ledger entry or event was written.
    for (const table of ['rewards', 'ledger_entries', 'coupon_codes', 'events'])
      expect(after.counts[table]).toBe(before.counts[table]);
  });

  it('lets two redemptions at once spend a balance only once', async () => {
    await story.customer('cy');
    await h.request('POST', '/v1/points/adjust', {
      key: shop.secret_key,
      body: { customer: 'cy', delta: 1000, reason: 'gift' },
    });
    const answers = await Promise.all([
      redeem('cy', { option_id: 'any_amount', points: 600 }),
      redeem('cy', { option_id: 'any_amount', points: 600 }),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    expect((await story.getCustomer('cy')).points_balance).toBe(500);
  });

  it('is not offered unless the program sets a rate', async () => {
    await story.setProgram({ loyalty: { any_amount: null } });
    const res = await redeem('ava', { option_id: 'any_amount', points: 500 });
    expect(res.status).toBe(404);
  });
});
