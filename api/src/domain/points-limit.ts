// Balances are JavaScript numbers end to end (JSON, the SDK, the dashboard), exact only up to 2^53.
// A ceiling far below that keeps every sum of a balance and a movement exact, and is still far above
// anything a loyalty program hands out.

/** The largest points (or credit) balance, and the largest single movement: one trillion. */
export const MAX_LEDGER_AMOUNT = 1_000_000_000_000;

/** Whether `balance + delta` stays within [−MAX, MAX]: no movement may carry a balance past the ceiling. */
export function withinLedgerLimit(balance: number, delta: number): boolean {
  return Math.abs(delta) <= MAX_LEDGER_AMOUNT && Math.abs(balance + delta) <= MAX_LEDGER_AMOUNT;
}
