// The statistics of experiments against published reference values, and the two properties a
// merchant relies on: looking every day does not manufacture winners, and assignment is stable and fair.
import { describe, expect, it } from 'vitest';
import { chiSquareSurvival, normalCdf } from '../../api/src/domain/distributions.ts';
import { assignVariant, bucketOf } from '../../api/src/domain/experiment-assignment.ts';
import { differingFields, experimentWarnings } from '../../api/src/domain/experiment-overrides.ts';
import { experimentReport, type VariantCounts } from '../../api/src/domain/experiment-report.ts';
import {
  clusteredRate,
  compareRates,
  sampleRatioCheck,
  sequentialHalfwidth,
  sequentialProportionTest,
  sequentialRho,
  twoProportionTest,
  wilsonInterval,
  Z_95,
} from '../../api/src/domain/experiment-stats.ts';

describe('distribution functions', () => {
  it('give the standard normal table values', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(Z_95)).toBeCloseTo(0.975, 7);
    expect(normalCdf(-1)).toBeCloseTo(0.158655254, 7);
    expect(normalCdf(2.575829)).toBeCloseTo(0.995, 6);
  });

  it('give the chi-square critical values of the published tables', () => {
    // Critical values at α = 0.05 and 0.001 for 1–3 degrees of freedom (e.g. NIST/SEMATECH
    // e-Handbook of Statistical Methods, table 1.3.6.7.4).
    expect(chiSquareSurvival(3.841459, 1)).toBeCloseTo(0.05, 6);
    expect(chiSquareSurvival(10.827566, 1)).toBeCloseTo(0.001, 7);
    expect(chiSquareSurvival(5.991465, 2)).toBeCloseTo(0.05, 6);
    expect(chiSquareSurvival(13.815511, 2)).toBeCloseTo(0.001, 7);
    expect(chiSquareSurvival(7.814728, 3)).toBeCloseTo(0.05, 6);
    expect(chiSquareSurvival(16.266236, 3)).toBeCloseTo(0.001, 7);
    expect(chiSquareSurvival(0, 2)).toBe(1);
  });
});

describe('fixed-horizon comparison of two proportions', () => {
  it('matches Newcombe (1998) for the Wald interval of 56/70 − 48/80', () => {
    const test = twoProportionTest(48, 80, 56, 70)!;
    expect(test.difference).toBeCloseTo(0.2, 10);
    expect(test.interval.low).toBeCloseTo(0.0575, 4);
    expect(test.interval.high).toBeCloseTo(0.3425, 4);
  });

  it('gives the pooled z of the textbook example 255/340 against 140/200', () => {
    // p̂ = 395/540, SE = √(p̂(1 − p̂)(1/200 + 1/340)) = 0.0394940, z = 0.05 / SE = 1.266015.
    const test = twoProportionTest(140, 200, 255, 340)!;
    expect(test.z).toBeCloseTo(1.266015, 5);
    // Two-sided normal p: 2(1 − Φ(1.266015)) = 2 · 0.102754.
    expect(test.pValue).toBeCloseTo(0.205508, 5);
  });

  it('reads "no difference" as p = 1 and knows nothing without units', () => {
    expect(twoProportionTest(0, 100, 0, 100)).toMatchObject({ difference: 0, pValue: 1 });
    expect(twoProportionTest(0, 0, 3, 10)).toBeNull();
  });
});

describe('Wilson interval of one proportion', () => {
  it('matches Newcombe (1998), "Two-sided confidence intervals for the single proportion", method 3', () => {
    const cases: [number, number, number, number][] = [
      [81, 263, 0.2553, 0.3662],
      [15, 148, 0.0624, 0.1605],
      [0, 20, 0, 0.1611],
      [1, 29, 0.0061, 0.1718],
    ];
    for (const [x, n, low, high] of cases) {
      const interval = wilsonInterval(x, n)!;
      expect(interval.low).toBeCloseTo(low, 4);
      expect(interval.high).toBeCloseTo(high, 4);
    }
  });
});

/** A seeded generator (mulberry32), so the simulations below are the same on every run. */
function seeded(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('anytime-valid sequential test (GrowthBook / Howard et al. confidence sequence)', () => {
  it('uses GrowthBook’s ρ for α = 0.05 and n* = 5000', () => {
    // −2 ln 0.05 = 5.991465; ln(6.991465) = 1.944691; √(7.936156 / 5000) = 0.0398401.
    expect(sequentialRho(0.05, 5000)).toBeCloseTo(0.0398401, 6);
  });

  it('is wider than the fixed-horizon interval and narrows as units arrive', () => {
    const fixed = twoProportionTest(500, 5000, 560, 5000)!;
    const sequential = sequentialProportionTest(500, 5000, 560, 5000)!;
    const fixedHalf = (fixed.interval.high - fixed.interval.low) / 2;
    const seqHalf = (sequential.interval.high - sequential.interval.low) / 2;
    expect(seqHalf).toBeGreaterThan(fixedHalf);
    // Near n*, the price of looking any time is modest (about 2.2× here, for unlimited looks).
    expect(seqHalf / fixedHalf).toBeLessThan(2.5);
    expect(sequentialHalfwidth(0.09, 20_000)).toBeLessThan(sequentialHalfwidth(0.09, 2_000));
  });

  it('keeps false winners below 5 % however often an A/A test is looked at; the fixed test does not', () => {
    const random = seeded(13);
    const experiments = 300;
    const looks = 20;
    const perLook = 250;
    let fixedFalseWinners = 0;
    let sequentialFalseWinners = 0;
    for (let e = 0; e < experiments; e++) {
      let xA = 0;
      let xB = 0;
      let n = 0;
      let fixedSaid = false;
      let sequentialSaid = false;
      for (let look = 0; look < looks; look++) {
        for (let i = 0; i < perLook; i++) {
          if (random() < 0.1) xA++;
          if (random() < 0.1) xB++;
        }
        n += perLook;
        if (twoProportionTest(xA, n, xB, n)!.pValue < 0.05) fixedSaid = true;
        if (sequentialProportionTest(xA, n, xB, n)!.significant) sequentialSaid = true;
      }
      if (fixedSaid) fixedFalseWinners++;
      if (sequentialSaid) sequentialFalseWinners++;
    }
    // Peeking 20 times at a 5 % test finds a "winner" in roughly a quarter of identical pairs.
    expect(fixedFalseWinners / experiments).toBeGreaterThan(0.1);
    expect(sequentialFalseWinners / experiments).toBeLessThanOrEqual(0.05);
  });

  it('still finds a real 3-point lift (10 % → 13 %) by 5 000 units a variant', () => {
    const random = seeded(7);
    let found = 0;
    for (let e = 0; e < 50; e++) {
      let xA = 0;
      let xB = 0;
      for (let i = 0; i < 5000; i++) {
        if (random() < 0.1) xA++;
        if (random() < 0.13) xB++;
      }
      if (sequentialProportionTest(xA, 5000, xB, 5000)!.significant) found++;
    }
    expect(found).toBeGreaterThanOrEqual(45);
  });
});

describe('sample-ratio mismatch', () => {
  it('flags a split the weights cannot explain (p < 0.001) and lets chance pass', () => {
    expect(sampleRatioCheck([5000, 5000], [1, 1])).toMatchObject({
      chiSquare: 0,
      pValue: 1,
      mismatch: false,
    });
    // χ² = 2 · 150² / 5150 = 8.74 → p ≈ 0.003: unusual, not alarming.
    const chance = sampleRatioCheck([5000, 5300], [1, 1])!;
    expect(chance.chiSquare).toBeCloseTo(8.7379, 3);
    expect(chance.mismatch).toBe(false);
    // χ² = 2 · 200² / 5200 = 15.38 → p ≈ 0.00009.
    expect(sampleRatioCheck([5000, 5400], [1, 1])!.mismatch).toBe(true);
    // Unequal weights are what is expected, not a mismatch.
    expect(sampleRatioCheck([7000, 3000], [70, 30])!.chiSquare).toBeCloseTo(0, 10);
  });
});

describe('assignment', () => {
  const variants = [
    { key: 'control', weight: 50 },
    { key: 'b', weight: 30 },
    { key: 'c', weight: 20 },
  ];

  it('is stable: the same unit always gets the same variant, and buckets lie in [0, 1)', () => {
    for (let i = 0; i < 1000; i++) {
      const id = `vis_${i}`;
      expect(assignVariant('exp_1', id, variants).key).toBe(assignVariant('exp_1', id, variants).key);
      const bucket = bucketOf('exp_1', id);
      expect(bucket).toBeGreaterThanOrEqual(0);
      expect(bucket).toBeLessThan(1);
    }
  });

  it('follows the weights within chi-square tolerance over 100 000 ids', () => {
    const counts = new Map(variants.map((v) => [v.key, 0]));
    for (let i = 0; i < 100_000; i++) {
      const key = assignVariant('exp_weights', `vis_${i.toString(36)}`, variants).key;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    const check = sampleRatioCheck(
      variants.map((v) => counts.get(v.key) ?? 0),
      variants.map((v) => v.weight),
    )!;
    // Below the 0.001 critical value of χ²(2) = 13.82.
    expect(check.chiSquare).toBeLessThan(13.82);
    expect(check.mismatch).toBe(false);
  });

  it('draws each experiment afresh: a unit in B of one test is not bound to B of the next', () => {
    const halves = [
      { key: 'a', weight: 1 },
      { key: 'b', weight: 1 },
    ];
    let same = 0;
    for (let i = 0; i < 10_000; i++) {
      if (assignVariant('exp_one', `u${i}`, halves).key === assignVariant('exp_two', `u${i}`, halves).key)
        same++;
    }
    expect(same / 10_000).toBeGreaterThan(0.47);
    expect(same / 10_000).toBeLessThan(0.53);
  });
});

describe('variant overrides', () => {
  const usd = (amount: number) => ({ type: 'amount_off' as const, amount, currency: 'USD' });

  it('warns when variants differ in more than one field, and only then', () => {
    const oneField = [{ overrides: {} }, { overrides: { referral: { friend_reward: usd(1500) } } }];
    expect(differingFields(oneField)).toEqual(['referral.friend_reward']);
    expect(experimentWarnings(oneField)).toEqual([]);
    const twoFields = [
      { overrides: {} },
      { overrides: { referral: { friend_reward: usd(1500) }, texts: { en: { headline: 'Give $15' } } } },
    ];
    expect(differingFields(twoFields)).toEqual(['referral.friend_reward', 'texts.en.headline']);
    expect(experimentWarnings(twoFields)[0]).toMatch(/differ in 2 fields/);
  });
});

describe('the results report', () => {
  const variant = (
    key: string,
    exposures: number,
    firstOrders: number,
    extra: Partial<VariantCounts> = {},
  ) => ({
    key,
    weight: 1,
    exposures,
    claims: 0,
    shares: 0,
    first_orders: firstOrders,
    revenue: firstOrders * 5000,
    reward_cost: firstOrders * 1000,
    orders: firstOrders,
    refunded_orders: 0,
    friend_rewards: 0,
    flagged_friend_rewards: 0,
    ...extra,
  });
  const report = (
    variants: VariantCounts[],
    daysRunning = 14,
    guardrails: ('refund_rate' | 'fraud_flag_rate')[] = [],
  ) =>
    experimentReport({
      experimentId: 'exp_1',
      primaryMetric: 'first_order',
      guardrails,
      minDays: 7,
      daysRunning,
      currency: 'USD',
      variants,
    });

  it('waits for the minimum days and sample, but still shows the numbers', () => {
    const early = report([variant('a', 500, 50), variant('b', 500, 70)], 3.5);
    expect(early).toMatchObject({ enough_data: false, days_running: 3.5 });
    expect(early.reason).toMatch(/run 3 of its 7 minimum days/);
    expect(early.comparisons).toHaveLength(1);
    const small = report([variant('a', 99, 10), variant('b', 500, 70)]);
    expect(small.reason).toMatch(/at least 100 exposures; the smallest has 99/);
    expect(report([variant('a', 500, 50), variant('b', 500, 70)]).enough_data).toBe(true);
  });

  it('prices an incremental customer: the extra reward cost per exposure over the extra conversion', () => {
    // A: 50/1000 at $10 each; B: 80/1000 at $20 each. Extra cost 1.6 − 0.5 = $1.10 per visitor,
    // extra customers 0.03 per visitor → $36.67 per extra customer.
    const r = report([variant('a', 1000, 50), variant('b', 1000, 80, { reward_cost: 80 * 2000 })]);
    expect(r.comparisons[0]!.cost_per_incremental_customer).toBe(3667);
    expect(r.variants[1]).toMatchObject({ revenue_per_exposure: 400, reward_cost_per_exposure: 160 });
    expect(
      report([variant('a', 1000, 80), variant('b', 1000, 50)]).comparisons[0]!.cost_per_incremental_customer,
    ).toBeNull();
  });

  it('warns on a sample ratio mismatch and on a guardrail the variant breaks', () => {
    const r = report(
      [
        variant('a', 5000, 500, { orders: 500, refunded_orders: 10 }),
        variant('b', 5400, 540, { orders: 540, refunded_orders: 40 }),
      ],
      14,
      ['refund_rate'],
    );
    expect(r.sample_ratio!.mismatch).toBe(true);
    expect(r.warnings[0]).toMatch(/^Sample ratio mismatch/);
    expect(r.warnings[1]).toMatch(/^Guardrail refund_rate: "b" is worse than "a"/);
  });

  it('judges nothing while nobody has converted', () => {
    expect(report([variant('a', 300, 0), variant('b', 300, 0)]).comparisons).toEqual([]);
  });
});

describe('clustered rates (advocate experiments)', () => {
  it('computes the delta-method variance of a ratio of sums by hand', () => {
    // Two advocates: both friends of one bought, neither of the other's. p̂ = 0.5;
    // Σ(x − p̂n)² = 1 + 1 = 2; k/(k − 1) = 2; variance = 2 · 2 / 4² = 0.25, four times the binomial 0.0625.
    expect(
      clusteredRate([
        { n: 2, x: 2 },
        { n: 2, x: 0 },
      ]),
    ).toEqual({ x: 2, n: 4, variance: 0.25 });
  });

  it('is the binomial variance (times k/(k − 1)) when every cluster is one unit', () => {
    const singles = [...Array(100)].map((_, i) => ({ n: 1, x: i < 30 ? 1 : 0 }));
    expect(clusteredRate(singles)!.variance).toBeCloseTo(((0.3 * 0.7) / 100) * (100 / 99), 12);
  });

  it('widens the comparison when a few advocates bring most friends', () => {
    const few = [
      { n: 100, x: 20 },
      { n: 100, x: 0 },
      { n: 100, x: 10 },
    ];
    const many = [...Array(300)].map((_, i) => ({ n: 1, x: i < 30 ? 1 : 0 }));
    const fewB = few.map((c) => ({ ...c, x: c.x + 5 }));
    const manyB = [...Array(300)].map((_, i) => ({ n: 1, x: i < 45 ? 1 : 0 }));
    const clustered = compareRates(clusteredRate(few)!, clusteredRate(fewB)!);
    const independent = compareRates(clusteredRate(many)!, clusteredRate(manyB)!);
    expect(clustered.fixed.difference).toBeCloseTo(independent.fixed.difference, 12);
    expect(clustered.fixed.interval.high - clustered.fixed.interval.low).toBeGreaterThan(
      independent.fixed.interval.high - independent.fixed.interval.low,
    );
  });
});
