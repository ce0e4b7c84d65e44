// Tiers follow lifetime points: everything earned, less what refunds and voids took back — spending
// points on a reward never costs a shopper their tier.
import type { Executor } from '../db/schema.ts';
import { tierFor } from '../domain/loyalty.ts';
import type { ProgramConfig } from '../schemas/program.ts';
import { recordEvent } from '../store/events.ts';

const SPENDING_REASONS = ['redemption', 'expiry'];

export async function lifetimePoints(trx: Executor, customerId: string): Promise<number> {
  const row = await trx
    .selectFrom('ledger_entries')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('delta'), eb.val(0)).as('points'))
    .where('customer_id', '=', customerId)
    .where('account', '=', 'points')
    .where('reason', 'not in', SPENDING_REASONS)
    .executeTakeFirstOrThrow();
  return Number(row.points);
}

export async function refreshTier(
  trx: Executor,
  program: ProgramConfig,
  customerId: string,
  now: Date,
): Promise<string | null> {
  const tier = tierFor(await lifetimePoints(trx, customerId), program.loyalty.tiers)?.name ?? null;
  // Written only when it differs, so the one statement also tells whether the tier changed.
  const changed = await trx
    .updateTable('customers')
    .set({ tier })
    .where('id', '=', customerId)
    .where((eb) =>
      tier === null ? eb('tier', 'is not', null) : eb.or([eb('tier', 'is', null), eb('tier', '!=', tier)]),
    )
    .returning('merchant_id')
    .executeTakeFirst();
  if (changed) {
    await recordEvent(
      trx,
      {
        merchantId: changed.merchant_id,
        type: 'tier.changed',
        customerId,
        data: { customer: customerId, tier },
      },
      now,
    );
  }
  return tier;
}
