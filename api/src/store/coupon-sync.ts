// The Shopify coupon sync's queue (jobs/sync-shopify-coupons.ts) lives on `coupon_codes`: the due
// generated codes of shops with an admin token, a compare-and-set claim per attempt, and its result.
import type { Executor } from '../db/schema.ts';

export interface PendingCode {
  id: string;
  merchant_id: string;
  pool: string;
  code: string;
  reward_id: string | null;
  created_at: string;
  sync_attempts: number;
  shop_domain: string | null;
  admin_token: string | null;
  reward_value: string | null;
}

/** Generated codes not yet in the shop, still usable, with attempts left and due by `now`. */
export function codesDueForSync(
  db: Executor,
  now: Date,
  options: { maxAttempts: number; limit: number },
): Promise<PendingCode[]> {
  return db
    .selectFrom('coupon_codes')
    .innerJoin('integrations', (join) =>
      join
        .onRef('integrations.merchant_id', '=', 'coupon_codes.merchant_id')
        .on('integrations.platform', '=', 'shopify'),
    )
    .leftJoin('rewards', 'rewards.id', 'coupon_codes.reward_id')
    .select([
      'coupon_codes.id',
      'coupon_codes.merchant_id',
      'coupon_codes.pool',
      'coupon_codes.code',
      'coupon_codes.reward_id',
      'coupon_codes.created_at',
      'coupon_codes.sync_attempts',
      'integrations.shop_domain',
      'integrations.admin_token',
      'rewards.reward as reward_value',
    ])
    .where('coupon_codes.synced_at', 'is', null)
    .where('coupon_codes.origin', '=', 'generated')
    .where('coupon_codes.revoked_at', 'is', null)
    .where('coupon_codes.redeemed_at', 'is', null)
    .where('coupon_codes.sync_attempts', '<', options.maxAttempts)
    .where((eb) =>
      eb.or([
        eb('coupon_codes.sync_next_at', 'is', null),
        eb('coupon_codes.sync_next_at', '<=', now.toISOString()),
      ]),
    )
    .where('integrations.admin_token', 'is not', null)
    .where('integrations.shop_domain', 'is not', null)
    .orderBy('coupon_codes.id')
    .limit(options.limit)
    .execute();
}

/**
 * Takes the code for one attempt: counts the attempt and leases the code until `leaseUntil`, unless
 * another worker got there first (the guard on the attempt count and due time makes the update a
 * compare-and-set).
 */
export async function claimCodeSync(
  db: Executor,
  row: Pick<PendingCode, 'id' | 'sync_attempts'>,
  leaseUntil: Date,
  now: Date,
): Promise<boolean> {
  const claimed = await db
    .updateTable('coupon_codes')
    .set({ sync_attempts: row.sync_attempts + 1, sync_next_at: leaseUntil.toISOString() })
    .where('id', '=', row.id)
    .where('synced_at', 'is', null)
    .where('sync_attempts', '=', row.sync_attempts)
    .where((eb) => eb.or([eb('sync_next_at', 'is', null), eb('sync_next_at', '<=', now.toISOString())]))
    .executeTakeFirst();
  return Number(claimed.numUpdatedRows) === 1;
}

/** Writes an attempt's result, unless the code was synced or claimed again since `attempts` was counted. */
export async function recordCodeSync(
  db: Executor,
  id: string,
  attempts: number,
  result: {
    synced_at?: string;
    external_ref?: string | null;
    sync_attempts?: number;
    sync_next_at: string | null;
    sync_error: string | null;
  },
): Promise<void> {
  await db
    .updateTable('coupon_codes')
    .set(result)
    .where('id', '=', id)
    .where('synced_at', 'is', null)
    .where('sync_attempts', '=', attempts)
    .execute();
}
