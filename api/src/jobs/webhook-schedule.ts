// When a failed webhook delivery is tried again (Standard Webhooks' recommended backoff): the first
// attempt is immediate, each later one waits the next step after the previous failure. Ten attempts
// over about three days, then the delivery is failed for good.
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** Delay before attempt n+1, indexed by n (attempt 1 is immediate). */
export const RETRY_DELAYS_MS = [
  0,
  5 * SECOND,
  5 * MINUTE,
  30 * MINUTE,
  2 * HOUR,
  5 * HOUR,
  10 * HOUR,
  14 * HOUR,
  20 * HOUR,
  24 * HOUR,
] as const;

/** When to try again after `attemptsMade` failed attempts, or null when the delivery has failed for good. */
export function nextAttemptAt(attemptsMade: number, failedAt: Date): Date | null {
  const delay = RETRY_DELAYS_MS[attemptsMade];
  return delay === undefined ? null : new Date(failedAt.getTime() + delay);
}
