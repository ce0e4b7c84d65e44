import { describe, expect, it } from 'vitest';
import { alertTransition } from '../../api/src/domain/alerts.ts';
import { windowBuckets } from '../../api/src/domain/analytics-time.ts';
import { retentionCohorts } from '../../api/src/domain/cohorts.ts';
import { networkEffect, scalePoint } from '../../api/src/domain/critical-points.ts';
import { type KpiFacts, sliceFacts } from '../../api/src/domain/kpi-facts.ts';
import { computeKpis, pointsLiability } from '../../api/src/domain/kpis.ts';
import { pointValue, rewardMoney } from '../../api/src/domain/point-value.ts';
import { quartiles } from '../../api/src/domain/quartiles.ts';

const DAY = 86_400_000;
const at = (iso: string) => Date.parse(iso);

// A week of a small shop, computed by hand below.
const facts: KpiFacts = {
  clicks: [
    { at: at('2026-03-02T10:00:00Z'), n: 2 },
    { at: at('2026-03-02T11:00:00Z'), n: 1 },
    { at: at('2026-03-03T09:00:00Z'), n: 1 },
  ],
  visitors: [
    { at: at('2026-03-02T10:00:00Z'), n: 2, converted: 1 },
    { at: at('2026-03-03T09:00:00Z'), n: 1, converted: 0 },
  ],
  claims: [
    { at: at('2026-03-02T12:00:00Z'), converted: true },
    { at: at('2026-03-02T13:00:00Z'), converted: false },
    { at: at('2026-03-04T13:00:00Z'), converted: false },
    { at: at('2026-03-04T14:00:00Z'), converted: true },
  ],
  newCustomers: [
    { at: at('2026-03-02T15:00:00Z'), referred: true },
    { at: at('2026-03-03T15:00:00Z'), referred: false },
    { at: at('2026-03-03T16:00:00Z'), referred: true },
  ],
  orders: [
    // Ann's 3rd order 10 days after her 2nd; Bob's 2nd 4 days after his 1st; Eve's 2nd 30 days on (in EUR).
    { at: at('2026-03-02T15:00:00Z'), net: 5000, currency: 'USD', previousAt: null },
    { at: at('2026-03-03T15:00:00Z'), net: 2000, currency: 'USD', previousAt: null },
    { at: at('2026-03-03T16:00:00Z'), net: 1000, currency: 'USD', previousAt: at('2026-02-21T16:00:00Z') },
    { at: at('2026-03-04T10:00:00Z'), net: 3000, currency: 'USD', previousAt: at('2026-02-28T10:00:00Z') },
    { at: at('2026-03-04T11:00:00Z'), net: 4000, currency: 'EUR', previousAt: at('2026-02-02T11:00:00Z') },
    { at: at('2026-03-04T12:00:00Z'), net: 6000, currency: 'EUR', previousAt: null },
  ],
  rewards: [
    { at: at('2026-03-02T15:00:00Z'), amount: 1000, currency: 'USD' },
    { at: at('2026-03-02T15:00:00Z'), amount: 1000, currency: 'USD' },
    { at: at('2026-03-03T16:00:00Z'), amount: 500, currency: 'EUR' },
    { at: at('2026-03-03T16:00:00Z'), amount: 700, currency: null },
  ],
  pointsOut: [
    { at: at('2026-03-02T00:00:00Z'), points: 300, how: 'expired' },
    { at: at('2026-03-03T00:00:00Z'), points: 900, how: 'redeemed' },
  ],
};

describe('the loop KPIs of a hand-computed week', () => {
  const k = computeKpis(facts);

  it('counts the funnel: clicks, referred visitors and offer claims to first orders', () => {
    expect(k.clicks.value).toBe(4);
    expect(k.referred_visitor_conversion).toEqual({ value: 0.3333, numerator: 1, denominator: 3 });
    expect(k.offer_claim_conversion).toEqual({ value: 0.5, numerator: 2, denominator: 4 });
    expect(k.organic_share).toEqual({ value: 0.6667, numerator: 2, denominator: 3 });
  });

  it('splits orders and revenue into returning and first, per currency', () => {
    expect(k.returning_order_share).toEqual({ value: 0.5, numerator: 3, denominator: 6 });
    expect(k.revenue.by_currency).toEqual([
      { currency: 'EUR', value: 10_000 },
      { currency: 'USD', value: 11_000 },
    ]);
    // EUR: 4000 of 10000 returning; USD: 1000 + 3000 of 11000.
    expect(k.returning_revenue_share.by_currency).toEqual([
      { currency: 'EUR', value: 0.4, numerator: 4000, denominator: 10_000 },
      { currency: 'USD', value: 0.3636, numerator: 4000, denominator: 11_000 },
    ]);
  });

  it('prices acquisition per currency and leaves out what cannot be valued', () => {
    expect(k.reward_cost.by_currency).toEqual([
      { currency: 'EUR', value: 500 },
      { currency: 'USD', value: 2000 },
    ]);
    expect(k.reward_cost_per_acquired_customer.by_currency).toEqual([
      { currency: 'EUR', value: 250, numerator: 500, denominator: 2 },
      { currency: 'USD', value: 1000, numerator: 2000, denominator: 2 },
    ]);
  });

  it('gives the repurchase cycle as median and quartiles of the gaps in days', () => {
    // Gaps 10, 4 and 30 days: sorted 4, 10, 30 → p25 = 7, median 10, p75 = 20.
    expect(k.repurchase_cycle_days).toEqual({ value: 10, p25: 7, p75: 20, count: 3 });
    expect(quartiles([1, 2, 3, 4])).toEqual({ p25: 1.8, median: 2.5, p75: 3.3, count: 4 });
    expect(quartiles([])).toEqual({ p25: null, median: null, p75: null, count: 0 });
  });

  it('tells the share of points that left balances by expiry rather than redemption', () => {
    expect(k.expired_points_share).toEqual({ value: 0.25, numerator: 300, denominator: 1200 });
  });

  it('adds the days of the week up to the week', () => {
    const from = at('2026-03-02T00:00:00Z');
    const days = windowBuckets(from, from + 7 * DAY, 'day').map((b) =>
      computeKpis(sliceFacts(facts, b.start, b.end)),
    );
    expect(days).toHaveLength(7);
    expect(days.reduce((s, d) => s + d.orders.value!, 0)).toBe(6);
    expect(days.reduce((s, d) => s + d.offer_claim_conversion.numerator!, 0)).toBe(2);
    const usd = days.flatMap((d) => d.revenue.by_currency!).filter((c) => c.currency === 'USD');
    expect(usd.reduce((s, c) => s + c.value!, 0)).toBe(11_000);
  });
});

describe('money values', () => {
  const options = [
    { points: 100, reward: { type: 'amount_off' as const, amount: 500, currency: 'USD' } },
    { points: 500, reward: { type: 'amount_off' as const, amount: 3000, currency: 'USD' } },
  ];
  it('values points at the best redemption option and prices outstanding points', () => {
    expect(pointValue(options)).toEqual({ minorPerPoint: 6, currency: 'USD' });
    expect(pointsLiability(1250, pointValue(options))).toEqual({
      points: 1250,
      amount: 7500,
      currency: 'USD',
    });
    expect(pointsLiability(1250, null)).toEqual({ points: 1250, amount: null, currency: null });
  });
  it('prices a percentage in the order currency and points at the rate', () => {
    expect(
      rewardMoney({ type: 'percent_off', percent: 10 }, { amount: 4550, currency: 'EUR' }, null),
    ).toEqual({
      amount: 455,
      currency: 'EUR',
    });
    expect(rewardMoney({ type: 'points', points: 50 }, null, pointValue(options))).toEqual({
      amount: 300,
      currency: 'USD',
    });
    expect(rewardMoney({ type: 'points', points: 50 }, null, null)).toBeNull();
  });
});

describe('retention cohorts', () => {
  it('groups by first-order month and counts who ordered in each later month', () => {
    const cohorts = retentionCohorts(
      [
        {
          firstOrderAt: at('2026-01-05T00:00:00Z'),
          orderTimes: [at('2026-01-05T00:00:00Z'), at('2026-02-10T00:00:00Z')],
        },
        {
          firstOrderAt: at('2026-01-20T00:00:00Z'),
          orderTimes: [at('2026-01-20T00:00:00Z'), at('2026-03-01T00:00:00Z')],
        },
        { firstOrderAt: at('2026-01-31T00:00:00Z'), orderTimes: [at('2026-01-31T00:00:00Z')] },
        {
          firstOrderAt: at('2026-02-14T00:00:00Z'),
          orderTimes: [at('2026-02-14T00:00:00Z'), at('2026-02-20T00:00:00Z')],
        },
      ],
      'month',
      at('2026-01-01T00:00:00Z'),
      at('2026-03-01T00:00:00Z'),
      at('2026-03-15T00:00:00Z'),
    );
    expect(cohorts.map((c) => [new Date(c.start).toISOString().slice(0, 7), c.size])).toEqual([
      ['2026-01', 3],
      ['2026-02', 1],
    ]);
    expect(cohorts[0]!.periods.map((p) => p.share)).toEqual([1, 0.3333, 0.3333]);
    // February's customer ordered twice in February: that is its own period, not a return.
    expect(cohorts[1]!.periods.map((p) => p.customers)).toEqual([1, 0]);
  });

  it('starts weeks on Monday', () => {
    const [week] = retentionCohorts(
      [{ firstOrderAt: at('2026-03-08T23:00:00Z'), orderTimes: [at('2026-03-09T01:00:00Z')] }],
      'week',
      at('2026-03-02T00:00:00Z'),
      at('2026-03-09T00:00:00Z'),
      at('2026-03-10T00:00:00Z'),
    );
    expect(week!.start).toBe(at('2026-03-02T00:00:00Z'));
    expect(week!.periods).toEqual([
      { offset: 0, customers: 1, share: 1 },
      { offset: 1, customers: 1, share: 1 },
    ]);
  });
});

describe('critical points', () => {
  const monday = at('2026-03-02T00:00:00Z');
  const week = (n: number, referred: number, other: number) => [
    ...Array.from({ length: referred }, () => ({ at: monday + n * 7 * DAY + DAY, referred: true })),
    ...Array.from({ length: other }, () => ({ at: monday + n * 7 * DAY + DAY, referred: false })),
  ];

  it('reaches the network effect at 60 % and rising over four weeks, and says since when', () => {
    // Shares by week: 40 %, 50 %, 55 %, 60 %, 70 %; the week of `now` (week 5) is not judged.
    const customers = [
      ...week(0, 4, 6),
      ...week(1, 5, 5),
      ...week(2, 11, 9),
      ...week(3, 6, 4),
      ...week(4, 7, 3),
    ];
    const result = networkEffect(customers, monday + 5 * 7 * DAY + 2 * DAY);
    expect(result.reached).toBe(true);
    // Week 3 (60 % > 40 % three weeks before) starts the run; it was reached when week 3 ended.
    expect(result.since).toBe(monday + 4 * 7 * DAY);
    expect(result.weeks.map((w) => w.share)).toEqual([0.5, 0.55, 0.6, 0.7]);
    // One week later a dip to 50 % ends it.
    const dipped = networkEffect([...customers, ...week(5, 1, 1)], monday + 6 * 7 * DAY);
    expect(dipped).toMatchObject({ reached: false, since: null });
  });

  it('reaches scale when cost per acquired customer holds 30 % under the first month for 30 days', () => {
    const origin = at('2026-01-01T00:00:00Z');
    const acquired: number[] = [];
    const costs: { at: number; amount: number }[] = [];
    // One customer a day; the first 30 days cost 1000 each, from day 30 on 600 each (down 40 %).
    for (let d = 0; d < 90; d++) {
      acquired.push(origin + d * DAY + 3_600_000);
      costs.push({ at: origin + d * DAY + 3_600_000, amount: d < 30 ? 1000 : 600 });
    }
    // On day 60 the trailing window first lies wholly after the first month; 30 checks later is day 89.
    const early = scalePoint('USD', acquired, costs, origin + 80 * DAY);
    expect(early).toMatchObject({ reached: false, first_month: 1000, last_30_days: 600, reduction: 0.4 });
    expect(early.days_held).toBe(21);
    const later = scalePoint('USD', acquired, costs, origin + 89 * DAY + 5);
    expect(later).toMatchObject({ reached: true, days_held: 30, since: origin + 89 * DAY });
    expect(scalePoint('USD', [], [], origin)).toMatchObject({ reached: false, first_month: null });
  });
});

describe('alerts', () => {
  const rule = { metric: 'organic_share', op: 'below' as const, value: 0.5, days: 3 };
  it('triggers after three breaching days running, once, and resolves on the first good day', () => {
    expect(alertTransition(rule, [0.4, 0.4], false)).toBeNull();
    expect(alertTransition(rule, [0.6, 0.4, 0.4], false)).toBeNull();
    expect(alertTransition(rule, [0.4, 0.4, 0.4], false)).toBe('trigger');
    expect(alertTransition(rule, [0.4, 0.4, 0.4, 0.3], true)).toBeNull();
    expect(alertTransition(rule, [0.4, 0.4, null], true)).toBeNull();
    expect(alertTransition(rule, [0.4, 0.4, 0.5], true)).toBe('resolve');
    expect(alertTransition(rule, [0.4, null, 0.4], false)).toBeNull();
  });
});
