// Tiers over time, on the injected clock: up at once, down only after the grace period once points
// (or spend) leave the rolling window; a perk on first entry; members-only redemption options.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reviewTiers } from '../../api/src/jobs/tier-review.ts';
import { createHarness, type Harness, type TestMerchant } from '../support/api-harness.ts';
import { DIALECTS } from '../support/databases.ts';
import { storyOf } from '../support/shop-story.ts';

const DAY = 86_400_000;

describe.each(DIALECTS)('tiers on %s', (dialect) => {
  let h: Harness;
  let shop: TestMerchant;
  let story: ReturnType<typeof storyOf>;
  let n = 0;
  const order = (customer: string, amount: number, currency = 'USD') =>
    story.order({ external_id: `o-${++n}`, customer: { external_id: customer }, amount, currency });
  const tierEvents = async (customer: string) =>
    (await h.request('GET', '/v1/events?type=tier.changed&limit=100', { key: shop.secret_key })).body.data
      .map((e: { data: unknown }) => e.data)
      .filter((d: { customer: string }) => d.customer === customer)
      .reverse();

  beforeAll(async () => {
    h = await createHarness(dialect);
    h.clock.set('2026-01-10T12:00:00.000Z');
    shop = await h.createMerchant('Tier Shop');
    story = storyOf(h, shop);
    await story.setProgram({
      loyalty: {
        tiers: [
          { name: 'Silver', threshold_points: 1000, multiplier: 1 },
          {
            name: 'Gold',
            threshold_points: 3000,
            multiplier: 1.5,
            entry_reward: { type: 'amount_off', amount: 1500, currency: 'USD' },
          },
        ],
        redemption_options: [
          { id: '5off', points: 500, reward: { type: 'amount_off', amount: 500, currency: 'USD' } },
          {
            id: 'gold-gift',
            points: 100,
            reward: { type: 'credit', amount: 2000, currency: 'USD' },
            min_tier: 'Gold',
          },
        ],
      },
    });
  });
  afterAll(() => h.close());

  it('moves up at once and down only after points leave the 12-month window and the grace runs out', async () => {
    const c = await story.customer('tess');
    // 100 for signing up + 1000 for a $1000 order: Silver.
    expect((await order('tess', 100_000)).status).toBe(201);
    expect((await story.getCustomer('tess')).tier).toBe('Silver');
    // Spending points never costs the tier.
    const me = await story.identify('tess');
    const spend = await h.request('POST', `/v1/client/redeem?key=${shop.publishable_key}`, {
      body: { option_id: '5off', session: me.body.session },
      headers: { Origin: 'https://shop.example' },
    });
    expect(spend.status).toBe(200);
    await reviewTiers(h.app.deps);
    expect((await story.getCustomer('tess')).tier).toBe('Silver');

    // A year and a day later the order's points have left the window: the grace period starts.
    h.clock.set('2027-01-11T12:00:00.000Z');
    await reviewTiers(h.app.deps);
    expect((await story.getCustomer('tess')).tier).toBe('Silver');
    h.clock.advance(29 * DAY);
    await reviewTiers(h.app.deps);
    expect((await story.getCustomer('tess')).tier).toBe('Silver');
    h.clock.advance(1 * DAY);
    expect(await reviewTiers(h.app.deps)).toEqual({ changed: 1 });
    expect((await story.getCustomer('tess')).tier).toBeNull();
    expect(await tierEvents(c.id)).toEqual([
      { customer: c.id, tier: 'Silver', previous: null, direction: 'up' },
      { customer: c.id, tier: null, previous: 'Silver', direction: 'down' },
    ]);
  });

  it('keeps the tier of a customer who qualifies again within the grace', async () => {
    h.clock.set('2028-01-01T12:00:00.000Z');
    await story.customer('gail');
    await order('gail', 100_000);
    h.clock.set('2029-01-05T12:00:00.000Z');
    await reviewTiers(h.app.deps);
    h.clock.advance(10 * DAY);
    await order('gail', 100_000);
    h.clock.advance(60 * DAY);
    await reviewTiers(h.app.deps);
    expect((await story.getCustomer('gail')).tier).toBe('Silver');
  });

  it('gives the entry perk the first time only, and opens members-only options', async () => {
    h.clock.set('2030-03-01T12:00:00.000Z');
    await story.customer('gus');
    const me = async () => (await story.identify('gus')).body.session;
    const gift = async () =>
      h.request('POST', `/v1/client/redeem?key=${shop.publishable_key}`, {
        body: { option_id: 'gold-gift', session: await me() },
        headers: { Origin: 'https://shop.example' },
      });
    await order('gus', 100_000);
    const refused = await gift();
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'tier_required', param: 'option_id' });

    await order('gus', 200_000);
    expect((await story.getCustomer('gus')).tier).toBe('Gold');
    const perks = (await story.rewards('gus')).filter((r) => r.source === 'tier');
    expect(perks).toHaveLength(1);
    expect(perks[0]).toMatchObject({ status: 'issued', coupon_code: expect.stringMatching(/^FLY-/) });
    expect((await gift()).status).toBe(200);

    // Down (a refund of the big order, past the grace), and back up: no second perk.
    await story.refund(`o-${n}`);
    h.clock.advance(31 * DAY);
    await reviewTiers(h.app.deps);
    expect((await story.getCustomer('gus')).tier).toBe('Silver');
    await order('gus', 300_000);
    expect((await story.getCustomer('gus')).tier).toBe('Gold');
    expect((await story.rewards('gus')).filter((r) => r.source === 'tier')).toHaveLength(1);
  });

  it('can qualify by spend in one currency over a lifetime', async () => {
    await story.setProgram({
      loyalty: {
        tier_basis: 'spend',
        tier_currency: 'USD',
        tier_window_months: null,
        tiers: [
          { name: 'Silver', threshold_points: 0, threshold_spend: 50_000, multiplier: 1 },
          { name: 'Gold', threshold_points: 1, threshold_spend: 200_000, multiplier: 1.5 },
        ],
      },
    });
    h.clock.set('2031-01-01T12:00:00.000Z');
    await story.customer('sam');
    await order('sam', 60_000, 'EUR');
    expect((await story.getCustomer('sam')).tier).toBeNull();
    await order('sam', 30_000);
    await order('sam', 25_000);
    expect((await story.getCustomer('sam')).tier).toBe('Silver');
    h.clock.set('2036-01-01T12:00:00.000Z');
    await reviewTiers(h.app.deps);
    expect((await story.getCustomer('sam')).tier).toBe('Silver');
  });
});
