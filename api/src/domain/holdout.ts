// Who is held out of the program, and what a held-out customer sees. Pure.
import type { ProgramConfig } from '../schemas/program.ts';
import { bucketOf } from './experiment-assignment.ts';

export function inHoldout(
  holdout: { share: number; since: string | null },
  customer: { id: string; created_at: string },
): boolean {
  if (holdout.share <= 0 || !holdout.since || customer.created_at < holdout.since) return false;
  return bucketOf('holdout', customer.id) < holdout.share;
}

/** The program as a held-out customer sees it: no referral, no sharing rewards, no loyalty, no offer. */
export function withoutOffers(program: ProgramConfig): ProgramConfig {
  return {
    ...program,
    referral: { ...program.referral, enabled: false },
    share_to_earn: { ...program.share_to_earn, enabled: false },
    loyalty: { ...program.loyalty, enabled: false },
    new_customer_offer: { ...program.new_customer_offer, enabled: false },
  };
}

/** Mean and 95 % normal (Welch) interval of the difference of two means from sums and sums of squares. */
export function meanDifference(
  a: { n: number; sum: number; sumSquares: number },
  b: { n: number; sum: number; sumSquares: number },
  z = 1.959963984540054,
): { difference: number; low: number; high: number } | null {
  if (a.n < 2 || b.n < 2) return null;
  const variance = (g: typeof a) => (g.sumSquares - (g.sum * g.sum) / g.n) / (g.n - 1);
  const difference = a.sum / a.n - b.sum / b.n;
  const se = Math.sqrt(variance(a) / a.n + variance(b) / b.n);
  return { difference, low: difference - z * se, high: difference + z * se };
}
