// What the widget's Earn tab is told about a shopper's loyalty standing, on both dialects: tier
// progress measured on the program's basis and window (spend here, not the balance), and when points
// expire next in either expiry mode — the same measures the tier decision and the expiry job use.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../support/api-harness.ts';
import { DIALECTS } from '../support/databases.ts';
import { storyOf } from '../support/shop-story.ts';

const DAY = 86_400_000;
const T0 = Date.parse('2026-03-01T10:00:00.000Z');
const onDay = (n: number) => new Date(T0 + n * DAY);

describe.each(DIALECTS)('loyalty standing in the bootstrap answer on %s', (dialect) => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness(dialect);
  });
  afterAll(() => h.close());

  it('measures spend over the window toward the next tier, and the oldest unspent batch’s expiry', async () => {
    h.clock.set(onDay(0));
    const story = storyOf(h, await h.createMerchant('Spend Tier Shop'));
    await story.setProgram({
      loyalty: {
        signup_points: 100,
        points_expiry_days: 90,
        points_expiry_mode: 'batch',
        tier_basis: 'spend',
        tier_window_months: 12,
        tiers: [
          { name: 'Silver', threshold_points: 1000, threshold_spend: 20_000, multiplier: 1 },
          { name: 'Gold', threshold_points: 5000, threshold_spend: 50_000, multiplier: 1.5 },
        ],
      },
    });
    await story.customer('gus'); // 100 points on day 0
    h.clock.set(onDay(10));
    await story.order({ external_id: 'o-1', customer: { external_id: 'gus' }, amount: 25_000 });
    await story.order({
      external_id: 'o-eur',
      customer: { external_id: 'gus' },
      amount: 90_000,
      currency: 'EUR',
    });

    const boot = await story.identify('gus');
    expect(boot.status).toBe(200);
    expect(boot.body.lifecycle.tier_progress).toEqual({
      basis: 'spend',
      amount: 25_000, // EUR spend never counts toward a USD tier
      currency: 'USD',
      window_months: 12,
      next: { name: 'Gold', threshold: 50_000 },
    });
    expect(boot.body.lifecycle.points_expiring).toEqual({
      points: 100,
      at: onDay(90).toISOString(),
      mode: 'batch',
    });
    expect(boot.body.customer.tier).toBe('Silver');
  });

  it('tells an idle balance’s date, which a visit moves, and nothing to an anonymous visitor', async () => {
    h.clock.set(onDay(0));
    const shop = await h.createMerchant('Idle Shop');
    const story = storyOf(h, shop);
    await story.setProgram({ loyalty: { signup_points: 100, points_expiry_days: 60 } });
    await story.customer('ivy');
    h.clock.set(onDay(20));
    const boot = await story.identify('ivy');
    expect(boot.body.lifecycle.points_expiring).toEqual({
      points: 100,
      at: onDay(80).toISOString(),
      mode: 'idle',
    });
    expect(boot.body.lifecycle.tier_progress).toMatchObject({
      basis: 'points',
      amount: 100,
      next: { name: 'Silver', threshold: 1000 },
    });
    const anonymous = await h.request('POST', `/v1/client/bootstrap?key=${shop.publishable_key}`, {
      body: {},
      headers: { Origin: 'https://shop.example' },
    });
    expect(anonymous.body.lifecycle).toMatchObject({ points_expiring: null, tier_progress: null });
  });
});
