// The statistics behind experiment results. Pure: counts in, estimates out.
import { chiSquareSurvival, normalCdf, twoSidedP } from './distributions.ts';

/** z for a two-sided 95 % interval: Φ⁻¹(0.975). */
export const Z_95 = 1.959963984540054;
export const ALPHA = 0.05;
/**
 * GrowthBook's default sequential tuning parameter n*: the total sample size at which the
 * confidence sequence is tightest relative to a fixed-horizon interval.
 */
export const SEQUENTIAL_TUNING = 5000;
/** Sample-ratio mismatch is flagged below this p-value (the threshold GrowthBook and Optimizely use). */
export const SRM_P_THRESHOLD = 0.001;

export interface Interval {
  low: number;
  high: number;
}

/**
 * Wilson score interval for one proportion x/n (Wilson 1927; Newcombe 1998, "Two-sided confidence
 * intervals for the single proportion", method 3): stays inside [0, 1] and behaves at small counts,
 * where the Wald interval does not.
 */
export function wilsonInterval(x: number, n: number, z = Z_95): Interval | null {
  if (n <= 0) return null;
  const p = x / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

export interface ProportionTest {
  /** p_B − p_A. */
  difference: number;
  /** Unpooled (Wald) 95 % interval for the difference. */
  interval: Interval;
  /** Pooled two-proportion z statistic. */
  z: number;
  pValue: number;
}

/**
 * Fixed-horizon comparison of two proportions, B against A.
 * Test: pooled z = (p̂_B − p̂_A) / √(p̂(1 − p̂)(1/n_A + 1/n_B)), p̂ = (x_A + x_B)/(n_A + n_B),
 * p = 2(1 − Φ(|z|)) — the square of z is the Pearson χ² of the 2×2 table (R's
 * `prop.test(correct = FALSE)`).
 * Interval: p̂_B − p̂_A ± z_{0.975}·√(p̂_A(1 − p̂_A)/n_A + p̂_B(1 − p̂_B)/n_B) (Newcombe 1998,
 * "Interval estimation for the difference between independent proportions", method 1).
 */
export function twoProportionTest(xA: number, nA: number, xB: number, nB: number): ProportionTest | null {
  if (nA <= 0 || nB <= 0) return null;
  const pA = xA / nA;
  const pB = xB / nB;
  const difference = pB - pA;
  const pooled = (xA + xB) / (nA + nB);
  const pooledSe = Math.sqrt(pooled * (1 - pooled) * (1 / nA + 1 / nB));
  const z = pooledSe > 0 ? difference / pooledSe : 0;
  const se = Math.sqrt((pA * (1 - pA)) / nA + (pB * (1 - pB)) / nB);
  return {
    difference,
    interval: { low: difference - Z_95 * se, high: difference + Z_95 * se },
    z,
    pValue: pooledSe > 0 ? twoSidedP(z) : 1,
  };
}

/**
 * ρ of the normal mixture, chosen so the confidence sequence is tightest at total sample size n*
 * (Howard, Ramdas, McAuliffe & Sekhon 2021, "Time-uniform, nonparametric, nonasymptotic confidence
 * sequences", the normal-mixture boundary; GrowthBook's `sequentialRho`): ρ = √((−2 ln α + ln(−2 ln α + 1)) / n*).
 */
export function sequentialRho(alpha = ALPHA, tuning = SEQUENTIAL_TUNING): number {
  const l = -2 * Math.log(alpha);
  return Math.sqrt((l + Math.log(l + 1)) / tuning);
}

/**
 * Half-width of the two-sided asymptotic confidence sequence for a difference of means after N
 * units in total (Waudby-Smith et al. 2023, "Time-uniform central limit theory and asymptotic
 * confidence sequences", the asymptotic normal-mixture sequence, as GrowthBook computes it in `sequentialIntervalHalfwidth`):
 *   w_N = σ̂ · √( 2(Nρ² + 1) / (N²ρ²) · ln(√(Nρ² + 1) / α) ),
 * where σ̂² = N · Var(difference estimate). It holds at every N at once, so results may be read
 * daily without raising the error rate above α.
 */
export function sequentialHalfwidth(
  s2: number,
  n: number,
  alpha = ALPHA,
  tuning = SEQUENTIAL_TUNING,
): number {
  const rho2 = sequentialRho(alpha, tuning) ** 2;
  return (
    Math.sqrt(s2) *
    Math.sqrt(((2 * (n * rho2 + 1)) / (n * n * rho2)) * Math.log(Math.sqrt(n * rho2 + 1) / alpha))
  );
}

export interface SequentialTest {
  difference: number;
  /** Anytime-valid 95 % interval for p_B − p_A. */
  interval: Interval;
  /** The interval excludes zero: stop now, whatever day it is. */
  significant: boolean;
}

export function sequentialProportionTest(
  xA: number,
  nA: number,
  xB: number,
  nB: number,
): SequentialTest | null {
  if (nA <= 0 || nB <= 0) return null;
  const pA = xA / nA;
  const pB = xB / nB;
  const difference = pB - pA;
  const variance = (pA * (1 - pA)) / nA + (pB * (1 - pB)) / nB;
  const n = nA + nB;
  const half = sequentialHalfwidth(variance * n, n);
  const interval = { low: difference - half, high: difference + half };
  return { difference, interval, significant: interval.low > 0 || interval.high < 0 };
}

export interface SampleRatioCheck {
  chiSquare: number;
  pValue: number;
  /** p < 0.001: the split differs from the weights by more than chance — assignment or exposure is broken. */
  mismatch: boolean;
}

/** Pearson χ² goodness of fit of the observed counts to the weights, with k − 1 degrees of freedom. */
export function sampleRatioCheck(
  observed: readonly number[],
  weights: readonly number[],
): SampleRatioCheck | null {
  const total = observed.reduce((a, b) => a + b, 0);
  const weightSum = weights.reduce((a, b) => a + b, 0);
  if (total === 0 || observed.length < 2 || weightSum <= 0) return null;
  let chiSquare = 0;
  observed.forEach((count, i) => {
    const expected = (total * (weights[i] ?? 0)) / weightSum;
    if (expected > 0) chiSquare += (count - expected) ** 2 / expected;
  });
  const pValue = chiSquareSurvival(chiSquare, observed.length - 1);
  return { chiSquare, pValue, mismatch: pValue < SRM_P_THRESHOLD };
}

export { normalCdf };

export interface RateEstimate {
  x: number;
  n: number;
  /** Variance of the rate x/n. */
  variance: number;
}

/**
 * A rate whose units arrive in clusters — the friends of one advocate, who all see the advocate's
 * variant: Var(Σx/Σn) by the delta method for a ratio of sums,
 *   k/(k − 1) · Σ(x_i − p̂·n_i)² / (Σn_i)²
 * (Deng, Knoblich & Lu 2018, "Applying the Delta Method in Metric Analytics", §3). With one unit per
 * cluster it is the binomial p̂(1 − p̂)/n times k/(k − 1); with a few large clusters it is wider, as it
 * must be.
 */
export function clusteredRate(clusters: readonly { n: number; x: number }[]): RateEstimate | null {
  const k = clusters.length;
  const n = clusters.reduce((sum, c) => sum + c.n, 0);
  const x = clusters.reduce((sum, c) => sum + c.x, 0);
  if (k < 2 || n === 0) return null;
  const p = x / n;
  const squares = clusters.reduce((sum, c) => sum + (c.x - p * c.n) ** 2, 0);
  return { x, n, variance: ((k / (k - 1)) * squares) / (n * n) };
}

/** Both tests for B against A from rates with their own variances (Wald z: no pooling across clusters). */
export function compareRates(
  a: RateEstimate,
  b: RateEstimate,
): { fixed: ProportionTest; sequential: SequentialTest } {
  const difference = b.x / b.n - a.x / a.n;
  const variance = a.variance + b.variance;
  const se = Math.sqrt(variance);
  const z = se > 0 ? difference / se : 0;
  const half = sequentialHalfwidth(variance * (a.n + b.n), a.n + b.n);
  const sequential = { low: difference - half, high: difference + half };
  return {
    fixed: {
      difference,
      interval: { low: difference - Z_95 * se, high: difference + Z_95 * se },
      z,
      pValue: se > 0 ? twoSidedP(z) : 1,
    },
    sequential: { difference, interval: sequential, significant: sequential.low > 0 || sequential.high < 0 },
  };
}
