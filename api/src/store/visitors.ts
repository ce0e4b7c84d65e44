// Visitors: one row per browser per shop, the anonymous side of a customer. Ids are scoped to the
// merchant, so a shop passing its own first-party id never takes (or is refused) another shop's.
import { precompile } from '../db/precompiled.ts';
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
  const row = await upsertVisitor.first(db, {
    id,
    merchantId,
    ipHash: hashes.ipHash,
    uaHash: hashes.uaHash,
    at: now.toISOString(),
  });
  if (!row) throw new Error('the visitor upsert answered no row');
  return { customerId: row.customer_id };
}

// Every page view and click sends these: compiled once (db/precompiled.ts).
const upsertVisitor = precompile<{
  id: string;
  merchantId: string;
  ipHash: string | null;
  uaHash: string | null;
  at: string;
}>()((db, p) =>
  db
    .insertInto('visitors')
    .values({
      id: p.id,
      merchant_id: p.merchantId,
      customer_id: null,
      ip_hash: p.ipHash,
      ua_hash: p.uaHash,
      first_seen_at: p.at,
      last_seen_at: p.at,
    })
    .onConflict((oc) =>
      oc
        .columns(['merchant_id', 'id'])
        .doUpdateSet({ last_seen_at: p.at, ip_hash: p.ipHash, ua_hash: p.uaHash }),
    )
    .returning('customer_id'),
);

const visitorOnDevice = precompile<{
  merchantId: string;
  customerId: string;
  ipHash: string;
  uaHash: string;
}>()((db, p) =>
  db
    .selectFrom('visitors')
    .select('id')
    .where('merchant_id', '=', p.merchantId)
    .where('customer_id', '=', p.customerId)
    .where('ip_hash', '=', p.ipHash)
    .where('ua_hash', '=', p.uaHash)
    .limit(1),
);

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
  const row = await visitorOnDevice.first(db, {
    merchantId,
    customerId,
    ipHash: device.ipHash,
    uaHash: device.uaHash,
  });
  return row !== undefined;
}
