// Daily loyalty care: birthday points once a year, and expiry after the program's `points_expiry_days`:
// of a balance left untouched that long (`idle`), or of each earning that old (`batch`). Both move
// points only through the ledger, with cause keys that make a second pass (or a second worker) a no-op.
//
// Each merchant is walked on its own, with its own rules in the SQL and keyset pages by customer id:
// however many customers one shop holds — eligible or not — every other shop's turn still comes.
import type { Customer } from '../db/schema.ts';
import { transact } from '../db/transaction.ts';
import type { Deps } from '../deps.ts';
import { birthdayMonthDay, birthdaysCelebratedOn, expiryCutoff } from '../domain/loyalty-calendar.ts';
import { expiredBatches, remainingBatches } from '../domain/points-batches.ts';
import { lockCustomer } from '../services/orders.ts';
import { balanceOf, movePoints } from '../store/ledger.ts';
import { birthdayCandidates, idlePointsHolders, latestPointsEntryId } from '../store/loyalty-calendar.ts';
import { allMerchantIds } from '../store/merchant-ids.ts';
import { customersWithExpiredBatches, pointsMovementsOf } from '../store/points-batches.ts';
import { loadProgram } from '../store/programs.ts';

const PAGE = 500;

type JobDeps = Pick<Deps, 'db' | 'clock' | 'cache'>;

export async function runLoyaltyCalendar(deps: JobDeps) {
  const now = deps.clock.now();
  const merchants = await allMerchantIds(deps.db);
  let birthdays = 0;
  let expired = 0;
  for (const id of merchants) {
    const { loyalty } = await loadProgram(deps, id);
    if (loyalty.enabled && loyalty.birthday_points > 0) {
      birthdays += await awardBirthdayPoints(deps, id, loyalty.birthday_points, now);
    }
    if (loyalty.points_expiry_days !== null) {
      expired +=
        loyalty.points_expiry_mode === 'batch'
          ? await expireBatches(deps, id, loyalty.points_expiry_days, now)
          : await expireIdlePoints(deps, id, loyalty.points_expiry_days, now);
    }
  }
  return { birthdays, expired };
}

/** Calls `handle` for every page of a merchant's customers that `page` selects after a given id. */
async function eachPage(
  page: (after: string) => Promise<Customer[]>,
  handle: (customer: Customer) => Promise<boolean>,
): Promise<number> {
  let done = 0;
  let after = '';
  for (;;) {
    const rows = await page(after);
    for (const customer of rows) if (await handle(customer)) done++;
    if (rows.length < PAGE) return done;
    after = rows[rows.length - 1]!.id;
  }
}

async function awardBirthdayPoints(deps: JobDeps, merchantId: string, points: number, now: Date) {
  const days = birthdaysCelebratedOn(now);
  const year = now.getUTCFullYear();
  return eachPage(
    (after) => birthdayCandidates(deps.db, merchantId, { days, year }, after, PAGE),
    async (customer) =>
      customer.birthday !== null &&
      days.includes(birthdayMonthDay(customer.birthday)) &&
      (await move(deps, customer, () => points, 'birthday', `birthday:${customer.id}:${year}`, now)),
  );
}

async function expireIdlePoints(deps: JobDeps, merchantId: string, expiryDays: number, now: Date) {
  const cutoff = expiryCutoff(now, expiryDays).toISOString();
  return eachPage(
    (after) => idlePointsHolders(deps.db, merchantId, cutoff, after, PAGE),
    async (customer) => {
      const latest = await latestPointsEntryId(deps.db, customer.id);
      if (latest === undefined) return false;
      // Keyed by the last movement: new activity later gives a later expiry its own key.
      return move(deps, customer, (balance) => -balance, 'expiry', `expiry:${customer.id}:${latest}`, now);
    },
  );
}

/**
 * Per-batch mode: each earning expires `expiryDays` after it was earned, spending having taken the
 * oldest points first. Decided under the customer's lock from the movements read with it held; the
 * cause key names the newest batch that expired, so a rerun or a second worker takes nothing twice.
 */
async function expireBatches(deps: JobDeps, merchantId: string, expiryDays: number, now: Date) {
  const cutoff = expiryCutoff(now, expiryDays).toISOString();
  return eachPage(
    (after) => customersWithExpiredBatches(deps.db, merchantId, cutoff, after, PAGE),
    (customer) =>
      transact(deps.db, async (trx) => {
        await lockCustomer(trx, customer.id);
        const movements = (await pointsMovementsOf(trx, [customer.id])).get(customer.id) ?? [];
        const expired = expiredBatches(remainingBatches(movements, expiryDays), now);
        if (expired === null) return false;
        const entry = await movePoints(
          trx,
          {
            merchantId,
            customerId: customer.id,
            delta: -expired.points,
            reason: 'expiry',
            causeKey: `expiry:${customer.id}:batch:${expired.lastBatchId}`,
          },
          now,
        );
        return entry !== null;
      }),
  );
}

/** `deltaFor` sees the balance as of this transaction, so an expiry takes exactly what is there. */
async function move(
  deps: Pick<Deps, 'db'>,
  customer: Customer,
  deltaFor: (balance: number) => number,
  reason: string,
  causeKey: string,
  now: Date,
) {
  return transact(deps.db, async (trx) => {
    const delta = deltaFor(await balanceOf(trx, customer.id, 'points'));
    if (delta === 0) return false;
    const entry = await movePoints(
      trx,
      { merchantId: customer.merchant_id, customerId: customer.id, delta, reason, causeKey },
      now,
    );
    return entry !== null;
  });
}
