// Visitors: one row per browser per shop, the anonymous side of a customer. Ids are scoped to the
// merchant, so a shop passing its own first-party id never takes (or is refused) another shop's.
import type { Executor } from '../db/schema.ts';

export interface DeviceHashes {
  ipHash: string | null;
  uaHash: string | null;
}

/**
 * Records a page view: inserts the visitor or refreshes its last visit and device. Answers the
 * customer the visitor was last tied to (before this request's sign-in, if any), read in the same
 * statement as the write.
 */
export async function touchVisitor(
  db: Executor,
  merchantId: string,
  id: string,
  hashes: DeviceHashes,
  now: Date,
): Promise<{ customerId: string | null }> {
  const at = now.toISOString();
  const row = await db
    .insertInto('visitors')
    .values({
      id,
      merchant_id: merchantId,
      customer_id: null,
      ip_hash: hashes.ipHash,
      ua_hash: hashes.uaHash,
      first_seen_at: at,
      last_seen_at: at,
    })
    .onConflict((oc) =>
      oc
        .columns(['merchant_id', 'id'])
        .doUpdateSet({ last_seen_at: at, ip_hash: hashes.ipHash, ua_hash: hashes.uaHash }),
    )
    .returning('customer_id')
    .executeTakeFirstOrThrow();
  return { customerId: row.customer_id };
}

/** A signed-in page view: the visitor is tied to the customer, who was seen now. */
export async function tieVisitorToCustomer(
  db: Executor,
  merchantId: string,
  visitorId: string,
  customerId: string,
  now: Date,
): Promise<void> {
  await db
    .updateTable('visitors')
    .set({ customer_id: customerId })
    .where('merchant_id', '=', merchantId)
    .where('id', '=', visitorId)
    .execute();
  await db
    .updateTable('customers')
    .set({ last_seen_at: now.toISOString() })
    .where('id', '=', customerId)
    .execute();
}

/** Whether this customer has been seen on this device (the same salted IP and user-agent hashes). */
export async function deviceBelongsTo(
  db: Executor,
  merchantId: string,
  device: DeviceHashes,
  customerId: string,
): Promise<boolean> {
  if (!device.ipHash || !device.uaHash) return false;
  const row = await db
    .selectFrom('visitors')
    .select('id')
    .where('merchant_id', '=', merchantId)
    .where('customer_id', '=', customerId)
    .where('ip_hash', '=', device.ipHash)
    .where('ua_hash', '=', device.uaHash)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
