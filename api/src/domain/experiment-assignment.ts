// Which variant a unit sees: a deterministic hash, so every server (and every retry) agrees without
// storing anything first, and a unit keeps its variant for the whole experiment.

/** 32-bit FNV-1a over the string's UTF-16 code units (Fowler, Noll, Vo; the variant GrowthBook uses). */
export function fnv1a32(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/**
 * A number in [0, 1) for (experiment, unit), in steps of 1/10 000. Hashing the hash (GrowthBook's
 * "v2" hash) spreads ids that differ only in their last characters, such as sequential ones.
 */
export function bucketOf(experimentId: string, unitId: string): number {
  return (fnv1a32(String(fnv1a32(`${experimentId}:${unitId}`))) % 10_000) / 10_000;
}

/** The variant whose share of the cumulative weights holds the unit's bucket. */
export function assignVariant<T extends { key: string; weight: number }>(
  experimentId: string,
  unitId: string,
  variants: readonly T[],
): T {
  const total = variants.reduce((sum, v) => sum + v.weight, 0);
  const bucket = bucketOf(experimentId, unitId) * total;
  let upTo = 0;
  for (const variant of variants) {
    upTo += variant.weight;
    if (bucket < upTo) return variant;
  }
  return variants[variants.length - 1]!;
}
