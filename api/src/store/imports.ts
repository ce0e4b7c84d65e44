// The SQL of a bulk import that credits nothing: customers by external_id, historical orders into the
// same `orders` table the API writes (source 'import'), the buyer's counters kept as an order keeps
// them. No ledger entry, no referral, no reward. Lock order as everywhere (docs/architecture.md): the
// order row's unique key first, then the buyer.
import { lockRows } from '../db/dialect.ts';
import type { Customer, Executor, Order } from '../db/schema.ts';
import { newId } from '../ids.ts';
import type { ProgramConfig } from '../schemas/program.ts';
import { type CustomerInput, findCustomer, upsertCustomer } from './customers.ts';
import { recordCustomerCreated, signUpCustomer } from './sign-up.ts';

export type CustomerOutcome = 'created' | 'updated' | 'unchanged';

const earlier = (a: string, b: string) => (a < b ? a : b);
const later = (a: string | null, b: string) => (a && a > b ? a : b);

/**
 * Creates the customer (with its `customer.created` event) or updates the fields that differ; `since`,
 * when given, becomes its `created_at`. The same input twice leaves the row as the first left it.
 * With `rewards`, a new customer signs up as through the API (the program's signup points).
 */
export async function importCustomer(
  trx: Executor,
  merchantId: string,
  input: CustomerInput,
  options: { since?: string | undefined; rewards?: ProgramConfig | undefined; outcome?: boolean },
  now: Date,
): Promise<{ customer: Customer; outcome: CustomerOutcome }> {
  const { since, rewards } = options;
  // The row as it was, only when the caller reports what changed (an order's buyer is not reported).
  const before =
    options.outcome === false ? undefined : await findCustomer(trx, merchantId, input.external_id);
  let { customer, created } = rewards
    ? await signUpCustomer(trx, merchantId, input, now, rewards)
    : await upsertCustomer(trx, merchantId, input, now);
  if (created && !rewards) await recordCustomerCreated(trx, merchantId, customer, now);
  if (since && customer.created_at !== since) {
    await trx.updateTable('customers').set({ created_at: since }).where('id', '=', customer.id).execute();
    customer = { ...customer, created_at: since };
  }
  const changed =
    before &&
    (['email', 'name', 'birthday', 'created_at'] as const).some((field) => before[field] !== customer[field]);
  return { customer, outcome: created || !before ? 'created' : changed ? 'updated' : 'unchanged' };
}

/**
 * Writes a historical order once per (merchant, external_id); false when it was there already. The
 * buyer's order count, spend and first/last order dates move as a live order moves them, and a buyer
 * is taken to exist since their first order at the latest.
 */
export async function importOrder(
  trx: Executor,
  customer: Customer,
  order: {
    external_id: string;
    amount: number;
    currency: string;
    created_at: string;
    coupon_codes: string[];
    referral_code?: string | undefined;
  },
  now: Date,
): Promise<boolean> {
  const row: Order = {
    id: newId('ord', now.getTime()),
    merchant_id: customer.merchant_id,
    external_id: order.external_id,
    customer_id: customer.id,
    amount: order.amount,
    refunded_amount: 0,
    currency: order.currency,
    coupon_codes: JSON.stringify(order.coupon_codes),
    visitor_id: null,
    referral_code: order.referral_code ?? null,
    status: 'paid',
    attribution: null,
    ip_hash: null,
    source: 'import',
    created_at: order.created_at,
    recorded_at: now.toISOString(),
  };
  const claimed = await trx
    .insertInto('orders')
    .values(row)
    .onConflict((oc) => oc.columns(['merchant_id', 'external_id']).doNothing())
    .executeTakeFirst();
  if (Number(claimed.numInsertedOrUpdatedRows ?? 0) === 0) return false;

  const buyer = await lockRows(
    trx,
    trx.selectFrom('customers').selectAll().where('id', '=', customer.id),
  ).executeTakeFirstOrThrow();
  await trx
    .updateTable('customers')
    .set({
      orders_count: buyer.orders_count + 1,
      total_spent: Number(buyer.total_spent) + row.amount,
      first_order_at: buyer.first_order_at ? earlier(buyer.first_order_at, row.created_at) : row.created_at,
      last_order_at: later(buyer.last_order_at, row.created_at),
      last_seen_at: later(buyer.last_seen_at, row.created_at),
      created_at: earlier(buyer.created_at, row.created_at),
      updated_at: now.toISOString(),
    })
    .where('id', '=', buyer.id)
    .execute();
  return true;
}

/** Which of these order external_ids the merchant has already. */
export async function existingOrders(
  trx: Executor,
  merchantId: string,
  externalIds: string[],
): Promise<Set<string>> {
  if (externalIds.length === 0) return new Set();
  const rows = await trx
    .selectFrom('orders')
    .select('external_id')
    .where('merchant_id', '=', merchantId)
    .where('external_id', 'in', externalIds)
    .execute();
  return new Set(rows.map((row) => row.external_id));
}
