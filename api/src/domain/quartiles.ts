// Quartiles by linear interpolation between closest ranks (the "type 7" rule of R and NumPy's default):
// the p-quantile of n sorted values is at position (n − 1)·p.

export function quantile(sorted: ArrayLike<number>, p: number): number | null {
  if (sorted.length === 0) return null;
  const position = (sorted.length - 1) * p;
  const below = Math.floor(position);
  const above = Math.ceil(position);
  const low = sorted[below]!;
  return low + (sorted[above]! - low) * (position - below);
}

export interface Quartiles {
  p25: number | null;
  median: number | null;
  p75: number | null;
  count: number;
}

/** Quartiles of `values`, rounded to one decimal. */
export function quartiles(values: readonly number[]): Quartiles {
  // A typed array sorts numbers natively: a quarter's gaps are ten thousand values, sorted per point.
  const sorted = Float64Array.from(values).sort();
  const round = (x: number | null) => (x === null ? null : Math.round(x * 10) / 10);
  return {
    p25: round(quantile(sorted, 0.25)),
    median: round(quantile(sorted, 0.5)),
    p75: round(quantile(sorted, 0.75)),
    count: sorted.length,
  };
}
