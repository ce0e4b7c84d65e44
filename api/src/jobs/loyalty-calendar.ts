// Daily loyalty care: birthday points once a year, and expiry of points left untouched for the
// program's `points_expiry_days`. Both move points only through the ledger, with cause keys that make
// a second pass (or a second worker) a no-op.
import type { Customer } from '../db/schema.ts';
import { transact } from '../db/transaction.ts';
import type { Deps } from '../deps.ts';
import { birthdayMonthDay, birthdaysCelebratedOn, expiryCutoff } from '../domain/loyalty-calendar.ts';
import { appendLedgerEntry, balanceOf } from '../store/ledger.ts';
import { loadProgram } from '../store/programs.ts';
import { recordPointsChanged } from '../store/rewards.ts';

const BATCH = 500;

export async function runLoyaltyCalendar(deps: Pick<Deps, 'db' | 'clock' | 'cache'>) {
  const now = deps.clock.now();
  return { birthdays: await awardBirthdayPoints(deps, now), expired: await expireIdlePoints(deps, now) };
}

async function awardBirthdayPoints(deps: Pick<Deps, 'db' | 'cache'>, now: Date): Promise<number> {
  const days = birthdaysCelebratedOn(now);
  const year = now.getUTCFullYear();
  const candidates = await deps.db
    .selectFrom('customers')
    .selectAll()
    .where('birthday', 'is not', null)
    .where((eb) => eb.or(days.flatMap((d) => [eb('birthday', '=', d), eb('birthday', 'like', `%-${d}`)])))
    .limit(BATCH)
    .execute();
  let awarded = 0;
  for (const customer of candidates) {
    if (!customer.birthday || !days.includes(birthdayMonthDay(customer.birthday))) continue;
    const program = await loadProgram(deps, customer.merchant_id);
    const points = program.loyalty.enabled ? program.loyalty.birthday_points : 0;
    if (points <= 0) continue;
    if (await move(deps, customer, () => points, 'birthday', `birthday:${customer.id}:${year}`, now))
      awarded++;
  }
  return awarded;
}

async function expireIdlePoints(deps: Pick<Deps, 'db' | 'cache'>, now: Date): Promise<number> {
  // The longest expiry any merchant could have is a year; the per-merchant cut-off is checked below.
  const candidates = await deps.db
    .selectFrom('customers')
    .selectAll()
    .where('points_balance', '>', 0)
    .where((eb) => eb(eb.fn.coalesce('last_seen_at', 'created_at'), '<', now.toISOString()))
    .orderBy('last_seen_at')
    .limit(BATCH)
    .execute();
  let expired = 0;
  for (const customer of candidates) {
    const program = await loadProgram(deps, customer.merchant_id);
    const days = program.loyalty.points_expiry_days;
    if (days === null) continue;
    const cutoff = expiryCutoff(now, days).toISOString();
    if ((customer.last_seen_at ?? customer.created_at) >= cutoff) continue;
    const latest = await deps.db
      .selectFrom('ledger_entries')
      .select(['id', 'created_at'])
      .where('customer_id', '=', customer.id)
      .where('account', '=', 'points')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (!latest || latest.created_at >= cutoff) continue;
    // Keyed by the last movement: new activity later gives a later expiry its own key.
    if (
      await move(deps, customer, (balance) => -balance, 'expiry', `expiry:${customer.id}:${latest.id}`, now)
    )
      expired++;
  }
  return expired;
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
    const entry = await appendLedgerEntry(
      trx,
      {
        merchantId: customer.merchant_id,
        customerId: customer.id,
        account: 'points',
        delta,
        reason,
        causeKey,
      },
      now,
    );
    if (entry)
      await recordPointsChanged(
        trx,
        customer.merchant_id,
        customer.id,
        entry.delta,
        entry.balance_after,
        reason,
        now,
      );
    return entry !== null;
  });
}
