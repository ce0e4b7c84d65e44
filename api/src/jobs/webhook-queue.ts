// The delivery job's units of work, each one transaction: the queries live in store/webhook-queue.ts.
import type { Db } from '../db/schema.ts';
import { transact } from '../db/transaction.ts';
import {
  type AttemptOutcome,
  type ClaimedDelivery,
  claimDeliveries,
  fanOutEvents,
  recordDeliveryAttempt,
} from '../store/webhook-queue.ts';

export { type AttemptOutcome, type ClaimedDelivery, releaseDelivery } from '../store/webhook-queue.ts';

/** Fans out one batch of undispatched events; the count says whether another batch may wait. */
export function dispatchEvents(db: Db, now: Date): Promise<number> {
  return transact(db, (trx) => fanOutEvents(trx, now));
}

export function claimDueDeliveries(
  db: Db,
  now: Date,
  options: { limit: number; leaseMs: number },
): Promise<ClaimedDelivery[]> {
  return transact(db, (trx) => claimDeliveries(trx, now, options));
}

/** False when the lease was lost (another worker owns the delivery now). */
export function recordAttempt(
  db: Db,
  delivery: ClaimedDelivery,
  outcome: AttemptOutcome,
  now: Date,
): Promise<boolean> {
  return transact(db, (trx) => recordDeliveryAttempt(trx, delivery, outcome, now));
}
