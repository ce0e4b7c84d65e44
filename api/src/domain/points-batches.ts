// Per-batch expiry: every earning is a batch that expires a set number of days after it was earned,
// and points leave balances oldest batch first (FIFO). Because a movement out always takes the oldest
// points still there, what has left is a prefix of all points ever earned, in earning order: the
// remaining batches follow from the movements alone, with no per-batch bookkeeping in the database.

const DAY_MS = 86_400_000;

/** A points ledger entry as this decision needs it. */
export interface PointsMovement {
  id: string;
  delta: number;
  created_at: string;
}

/** What is left of one earning. */
export interface PointsBatch {
  /** The ledger entry that earned it. */
  id: string;
  earnedAt: string;
  expiresAt: Date;
  points: number;
}

/** The batches still (partly) unspent, oldest first. `movements` in ledger order. */
export function remainingBatches(movements: readonly PointsMovement[], expiryDays: number): PointsBatch[] {
  const batches: PointsBatch[] = [];
  let head = 0;
  for (const m of movements) {
    if (m.delta > 0) {
      const expiresAt = new Date(Date.parse(m.created_at) + expiryDays * DAY_MS);
      batches.push({ id: m.id, earnedAt: m.created_at, expiresAt, points: m.delta });
      continue;
    }
    let out = -m.delta;
    while (out > 0 && head < batches.length) {
      const batch = batches[head]!;
      const taken = Math.min(out, batch.points);
      batch.points -= taken;
      out -= taken;
      if (batch.points === 0) head++;
    }
  }
  return batches.slice(head).filter((b) => b.points > 0);
}

/**
 * The points whose batches have expired by `now`, and the newest such batch: its id keys the expiry
 * movement, so a second pass over the same state (or a second worker) cannot take them twice.
 */
export function expiredBatches(
  batches: readonly PointsBatch[],
  now: Date,
): { points: number; lastBatchId: string } | null {
  const due = batches.filter((b) => b.expiresAt.getTime() <= now.getTime());
  if (due.length === 0) return null;
  return { points: due.reduce((sum, b) => sum + b.points, 0), lastBatchId: due.at(-1)!.id };
}

/** The next expiry ahead of `now`: its date and how many points go then; null when none. */
export function nextBatchExpiry(
  batches: readonly PointsBatch[],
  now: Date,
): { at: Date; points: number } | null {
  const ahead = batches.filter((b) => b.expiresAt.getTime() > now.getTime());
  const first = ahead[0];
  if (!first) return null;
  const points = ahead
    .filter((b) => b.expiresAt.getTime() === first.expiresAt.getTime())
    .reduce((sum, b) => sum + b.points, 0);
  return { at: first.expiresAt, points };
}
