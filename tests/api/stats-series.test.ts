import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness, type TestMerchant } from '../support/api-harness.ts';
import { DIALECTS } from '../support/databases.ts';
import { storyOf } from '../support/shop-story.ts';

type Figure = {
  value: number | null;
  numerator?: number;
  denominator?: number;
  by_currency?: { currency: string; value: number | null; numerator?: number; denominator?: number }[];
};
type Series = {
  metric: string;
  kind: string;
  total: Figure;
  points: (Figure & { start: string; end: string })[];
};

const sum = (xs: (number | undefined | null)[]) => xs.reduce<number>((s, x) => s + (x ?? 0), 0);
const inCurrency = (f: Figure, currency: string) => f.by_currency?.find((c) => c.currency === currency);

describe.each(DIALECTS)('KPI series and money per currency on %s', (dialect) => {
  let h: Harness;
  let shop: TestMerchant;
  let story: ReturnType<typeof storyOf>;
  const window = 'from=2026-03-02T00:00:00.000Z&to=2026-03-05T00:00:00.000Z';
  beforeAll(async () => {
    h = await createHarness(dialect);
    shop = await h.createMerchant('Series Shop', ['https://shop.example']);
    story = storyOf(h, shop);
    await story.setProgram({ referral: { hold_days: 0 } });
    // Monday: Ann buys, her friend clicks her link and buys too (USD).
    h.clock.set('2026-03-02T09:00:00.000Z');
    const ann = await story.customer('ann', { name: 'Ann' });
    await story.order({ external_id: 'a1', customer: { external_id: 'ann' }, amount: 8000 });
    const friend = await story.click(ann.referral_code);
    await story.order({
      external_id: 'f1',
      customer: { external_id: 'f1' },
      amount: 5000,
      visitor_id: friend.visitor_id,
    });
    await story.click(ann.referral_code);
    // Tuesday: two walk-ins pay in euros.
    h.clock.set('2026-03-03T10:00:00.000Z');
    await story.order({ external_id: 'w1', customer: { external_id: 'w1' }, amount: 3000, currency: 'EUR' });
    await story.order({ external_id: 'w2', customer: { external_id: 'w2' }, amount: 4000, currency: 'EUR' });
    // Wednesday: Ann comes back, two days after her first order.
    h.clock.set('2026-03-04T09:00:00.000Z');
    await story.order({ external_id: 'a2', customer: { external_id: 'ann' }, amount: 1000 });
    h.clock.set('2026-03-06T00:00:00.000Z');
  });
  afterAll(() => h.close());

  it('gives each KPI per day, and the days add up to the window', async () => {
    const res = await h.request('GET', `/v1/stats/series?interval=day&${window}`, { key: shop.secret_key });
    expect(res.status).toBe(200);
    const series = new Map((res.body.series as Series[]).map((s) => [s.metric, s]));
    const values = (metric: string) => series.get(metric)!.points.map((p) => p.value);
    expect(series.get('orders')!.points.map((p) => p.start)).toEqual([
      '2026-03-02T00:00:00.000Z',
      '2026-03-03T00:00:00.000Z',
      '2026-03-04T00:00:00.000Z',
    ]);
    expect(values('orders')).toEqual([2, 2, 1]);
    expect(values('returning_orders')).toEqual([0, 0, 1]);
    expect(values('new_customers')).toEqual([2, 2, 0]);
    expect(values('new_referred_customers')).toEqual([1, 0, 0]);
    expect(values('clicks')).toEqual([2, 0, 0]);
    expect(series.get('referred_visitor_conversion')!.total).toEqual({
      value: 0.5,
      numerator: 1,
      denominator: 2,
    });
    expect(series.get('organic_share')!.total).toEqual({ value: 0.25, numerator: 1, denominator: 4 });
    expect(series.get('repurchase_cycle_days')!.total).toMatchObject({ value: 2, count: 1 });
    // Ann's and her friend's $10 coupons bought one referred customer.
    expect(series.get('reward_cost_per_acquired_customer')!.total.by_currency).toEqual([
      { currency: 'USD', value: 2000, numerator: 2000, denominator: 1 },
    ]);
    // Dollars and euros side by side, never added together.
    expect(series.get('revenue')!.total.by_currency).toEqual([
      { currency: 'EUR', value: 7000 },
      { currency: 'USD', value: 14_000 },
    ]);
    expect(series.get('returning_revenue_share')!.total.by_currency).toEqual([
      { currency: 'EUR', value: 0, numerator: 0, denominator: 7000 },
      { currency: 'USD', value: 0.0714, numerator: 1000, denominator: 14_000 },
    ]);

    for (const s of series.values()) {
      if (s.kind === 'count') expect(sum(s.points.map((p) => p.value)), s.metric).toBe(s.total.value);
      if (s.kind === 'ratio') {
        expect(sum(s.points.map((p) => p.numerator)), s.metric).toBe(s.total.numerator);
        expect(sum(s.points.map((p) => p.denominator)), s.metric).toBe(s.total.denominator);
      }
      if (s.kind === 'money' || s.kind === 'money_ratio') {
        for (const total of s.total.by_currency ?? []) {
          const parts = s.points.map((p) => inCurrency(p, total.currency));
          const field = s.kind === 'money' ? 'value' : 'numerator';
          expect(sum(parts.map((p) => p?.[field])), `${s.metric} ${total.currency}`).toBe(total[field]);
        }
      }
    }
  });

  it('agrees with /v1/stats for the same window', async () => {
    const [series, stats] = await Promise.all([
      h.request('GET', `/v1/stats/series?interval=week&metrics=orders,reward_cost&${window}`, {
        key: shop.secret_key,
      }),
      h.request('GET', `/v1/stats?${window}`, { key: shop.secret_key }),
    ]);
    expect(series.body.series.map((s: Series) => s.metric)).toEqual(['orders', 'reward_cost']);
    // One week, clipped to the window on both sides.
    expect(series.body.series[0].points).toHaveLength(1);
    expect(series.body.series[0].total).toEqual(stats.body.kpis.orders);
    expect(series.body.series[1].total).toEqual(stats.body.kpis.reward_cost);
    expect(stats.body.kpis.reward_cost.by_currency).toEqual([
      { currency: 'USD', value: stats.body.reward_cost },
    ]);
  });

  it('keeps /v1/stats money per currency: the top-level figures are the main currency only', async () => {
    const res = await h.request('GET', `/v1/stats?${window}`, { key: shop.secret_key });
    expect(res.status).toBe(200);
    // Three USD orders against two EUR ones: USD leads, and no euro is counted as a dollar.
    expect(res.body.currency).toBe('USD');
    expect(res.body.referral_revenue).toBe(5000);
    expect(res.body.avg_ltv).toEqual({ referred: 5000, other: 9000 });
    expect(res.body.by_currency).toEqual([
      {
        currency: 'EUR',
        referral_revenue: 0,
        reward_cost: 0,
        referral_roi: null,
        avg_ltv: { referred: null, other: 3500 },
      },
      expect.objectContaining({
        currency: 'USD',
        referral_revenue: 5000,
        avg_ltv: { referred: 5000, other: 9000 },
      }),
    ]);
  });

  it('refuses unknown metrics, intervals and windows too long for a series', async () => {
    const bad = async (query: string) =>
      (await h.request('GET', `/v1/stats/series?${query}`, { key: shop.secret_key })).body.error?.param;
    expect(await bad('metrics=orders,mood')).toBe('metrics');
    expect(await bad('interval=hour')).toBe('interval');
    expect(await bad('interval=day&from=2020-01-01T00:00:00.000Z&to=2026-01-01T00:00:00.000Z')).toBe('from');
    expect(await bad('from=2026-03-05T00:00:00.000Z&to=2026-03-01T00:00:00.000Z')).toBe('from');
  });
});
