// A customer's first appearance: the row, the welcome points, the referral they arrived with and
// the `customer.created` event — all in the caller's transaction.
import { precompile, rowOf } from '../db/precompiled.ts';
import type { Customer, Executor } from '../db/schema.ts';
import { normalizeEmail } from '../domain/email.ts';
import { inHoldout } from '../domain/holdout.ts';
import { codeStem, referralCodeCandidates } from '../domain/referral-code.ts';
import { newId } from '../ids.ts';
import type { CustomerUpsert } from '../schemas/customer.ts';
import type { ProgramConfig } from '../schemas/program.ts';
import {
  CUSTOMER_COLUMNS,
  type CustomerInput,
  findCustomerByCode,
  newCustomerRow,
  upsertCustomer,
} from './customers.ts';
import { type NewEvent, recordEvent } from './events.ts';
import { movePoints } from './ledger.ts';

export async function signUpCustomer(
  trx: Executor,
  merchantId: string,
  input: CustomerUpsert,
  now: Date,
  /** The caller's (cached) program: read once per request, not once per sign-up. */
  program: ProgramConfig,
): Promise<{ customer: Customer; created: boolean }> {
  const result = await upsertCustomer(trx, merchantId, input, now);
  let customer = result.customer;
  if (input.referral_code_used && !customer.referred_by && customer.orders_count === 0) {
    customer = await linkReferrer(trx, merchantId, customer, input.referral_code_used, now);
  }
  if (!result.created) return { customer, created: false };

  await recordCustomerCreated(trx, merchantId, customer, now);
  const welcome = signupPoints(program, customer);
  if (welcome > 0) {
    const entry = await movePoints(
      trx,
      { merchantId, customerId: customer.id, ...signupMovement(customer, welcome) },
      now,
    );
    if (entry) customer = { ...customer, points_balance: entry.balance_after };
  }
  return { customer, created: true };
}

/** Records who referred a new customer; self-referral (same customer or same inbox) is ignored. */
async function linkReferrer(trx: Executor, merchantId: string, customer: Customer, code: string, now: Date) {
  const referrer = await findCustomerByCode(trx, merchantId, code);
  if (!referrer || referrer.id === customer.id) return customer;
  if (
    referrer.email_normalized &&
    customer.email &&
    referrer.email_normalized === normalizeEmail(customer.email)
  ) {
    return customer;
  }
  await trx
    .updateTable('customers')
    .set({ referred_by: referrer.id })
    .where('id', '=', customer.id)
    .execute();
  await trx
    .insertInto('referrals')
    .values({
      id: newId('ref', now.getTime()),
      merchant_id: merchantId,
      referrer_id: referrer.id,
      friend_id: customer.id,
      visitor_id: null,
      status: 'signed_up',
      method: 'code',
      order_id: null,
      reasons: '[]',
      flags: '[]',
      created_at: now.toISOString(),
      converted_at: null,
    })
    .execute();
  return { ...customer, referred_by: referrer.id };
}

/** The points a new customer is welcomed with (0 when loyalty is off or the customer is held out). */
export function signupPoints(program: ProgramConfig, customer: Pick<Customer, 'id' | 'created_at'>): number {
  if (!program.loyalty.enabled || inHoldout(program.holdout, customer)) return 0;
  return program.loyalty.signup_points;
}

export function signupMovement(customer: Pick<Customer, 'id'>, points: number) {
  return { delta: points, reason: 'signup', causeKey: `signup:${customer.id}` };
}

/** The `customer.created` event of a row just created. */
export function customerCreatedEvent(merchantId: string, customer: Customer): NewEvent {
  return {
    merchantId,
    type: 'customer.created',
    customerId: customer.id,
    data: { customer: customer.id, external_id: customer.external_id },
  };
}

/** The `customer.created` event, written in the transaction that created the row. */
export async function recordCustomerCreated(
  trx: Executor,
  merchantId: string,
  customer: Customer,
  now: Date,
) {
  await recordEvent(trx, customerCreatedEvent(merchantId, customer), now);
}

/**
 * Creates a customer in one statement when nothing stands in the way — the common case of a new
 * buyer: the row goes in with a first referral-code candidate, and any unique key already taken (the
 * external_id by a concurrent post, the code by someone else) leaves no row and no error. Null then;
 * the caller falls back to `upsertCustomer`, which reads the taken codes and the winner's row.
 */
export async function tryCreateCustomer(
  trx: Executor,
  merchantId: string,
  input: CustomerInput,
  now: Date,
): Promise<Customer | null> {
  const row = newCustomerRow(
    merchantId,
    input,
    referralCodeCandidates(codeStem(input.name, input.email), 1)[0]!,
    now,
  );
  const inserted = await insertNewCustomer.first(trx, row);
  return inserted ? row : null;
}

// Every order of a new buyer signs them up with it: compiled once (db/precompiled.ts).
const insertNewCustomer = precompile<Customer>()((db, p) =>
  db
    .insertInto('customers')
    .values(rowOf(p, CUSTOMER_COLUMNS))
    .onConflict((oc) => oc.doNothing())
    .returning('id'),
);
