import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runLoyaltyCalendar } from '../../api/src/jobs/loyalty-calendar.ts';
import { createHarness, type Harness, type TestMerchant } from '../support/api-harness.ts';
import { DIALECTS } from '../support/databases.ts';
import { ORIGIN, storyOf } from '../support/shop-story.ts';

describe.each(DIALECTS)('points and offer-claim KPIs on %s', (dialect) => {
  let h: Harness;
  let shop: TestMerchant;
  let story: ReturnType<typeof storyOf>;
  beforeAll(async () => {
    h = await createHarness(dialect);
    shop = await h.createMerchant('Points Shop', [ORIGIN]);
    story = storyOf(h, shop);
    await story.setProgram({ loyalty: { points_expiry_days: 30 } });
  });
  afterAll(() => h.close());

  const stats = async (from: string, to: string) =>
    (await h.request('GET', `/v1/stats?from=${from}&to=${to}`, { key: shop.secret_key })).body;

  it('values outstanding points at the redemption rate, and tells the share that expired unredeemed', async () => {
    h.clock.set('2026-03-02T10:00:00.000Z');
    await h.request('POST', '/v1/coupons', {
      key: shop.secret_key,
      body: { pool: 'redemption:5off', codes: ['FIVE-OFF-1'] },
    });
    const me = await story.identify('sal', { name: 'Sal' });
    await h.request('POST', '/v1/points/adjust', {
      key: shop.secret_key,
      body: { customer: 'sal', delta: 900, reason: 'gift' },
    });
    const redeemed = await h.request('POST', `/v1/client/redeem?key=${shop.publishable_key}`, {
      body: { option_id: '5off', session: me.body.session },
      headers: { Origin: ORIGIN },
    });
    expect(redeemed.status).toBe(200);
    await story.customer('kim');
    const held = async () =>
      (await story.getCustomer('sal')).points_balance + (await story.getCustomer('kim')).points_balance;
    const outstanding = await held();
    expect(outstanding).toBeGreaterThan(0);

    // The only redemption option gives 500 cents for 500 points: a point is worth one cent.
    const now = await stats('2026-03-01T00:00:00.000Z', '2026-03-03T00:00:00.000Z');
    expect(now.points_liability).toEqual({ points: outstanding, amount: outstanding, currency: 'USD' });
    expect(now.kpis.points_redeemed.value).toBe(500);

    // Forty idle days later every point left expires.
    h.clock.set('2026-04-15T10:00:00.000Z');
    await runLoyaltyCalendar(h.app.deps);
    const later = await stats('2026-03-01T00:00:00.000Z', '2026-04-16T00:00:00.000Z');
    expect(later.points_liability).toEqual({ points: 0, amount: 0, currency: 'USD' });
    expect(later.kpis.points_expired.value).toBe(outstanding);
    expect(later.kpis.expired_points_share).toEqual({
      value: Math.round((outstanding / (outstanding + 500)) * 10_000) / 10_000,
      numerator: outstanding,
      denominator: outstanding + 500,
    });
  });

  it('counts offer claims that led to a first order by the claimant', async () => {
    h.clock.set('2026-05-04T10:00:00.000Z');
    const host = await story.customer('host');
    const ivy = await story.click(host.referral_code, { ip: '203.0.113.21' });
    const joe = await story.click(host.referral_code, { ip: '203.0.113.22' });
    expect((await story.claim(ivy.visitor_id, 'ivy@example.com')).status).toBe(200);
    expect((await story.claim(joe.visitor_id, 'joe@example.com')).status).toBe(200);
    h.clock.set('2026-05-05T10:00:00.000Z');
    await story.order({ external_id: 'ivy-1', customer: { external_id: 'ivy', email: 'ivy@example.com' } });

    const res = await h.request(
      'GET',
      '/v1/stats/series?metrics=offer_claims,offer_claim_conversion&interval=day&from=2026-05-04T00:00:00.000Z&to=2026-05-06T00:00:00.000Z',
      { key: shop.secret_key },
    );
    const [claims, conversion] = res.body.series;
    expect(claims.points.map((p: { value: number }) => p.value)).toEqual([2, 0]);
    // Both claims were made on the 4th; one of the two claimants has ordered since.
    expect(conversion.total).toEqual({ value: 0.5, numerator: 1, denominator: 2 });
    expect(conversion.points[0]).toMatchObject({ value: 0.5, numerator: 1, denominator: 2 });
    expect(conversion.points[1]).toMatchObject({ value: null, numerator: 0, denominator: 0 });
  });
});
