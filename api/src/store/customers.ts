// Customers: upsert by the merchant's external_id, collision-safe referral codes, list with cursors.
import { type ExpressionBuilder, sql } from 'kysely';
import { precompile } from '../db/precompiled.ts';
import type { Customer, Database, Executor } from '../db/schema.ts';
import { normalizeEmail } from '../domain/email.ts';
import { codeStem, normalizeReferralCode, referralCodeCandidates } from '../domain/referral-code.ts';
import {
  type Segment,
  type SegmentThresholds,
  segmentCutoffs,
  TOP_DECILE_MIN_BUYERS,
} from '../domain/segments.ts';
import { newId } from '../ids.ts';

export interface CustomerInput {
  external_id: string;
  email?: string | undefined;
  name?: string | undefined;
  birthday?: string | undefined;
}

export async function findCustomer(
  db: Executor,
  merchantId: string,
  externalId: string,
): Promise<Customer | undefined> {
  return customerByExternalId.first(db, { merchantId, externalId });
}

// Every order post looks its buyer up: compiled once (db/precompiled.ts).
const customerByExternalId = precompile<{ merchantId: string; externalId: string }>()((db, p) =>
  db
    .selectFrom('customers')
    .selectAll()
    .where('merchant_id', '=', p.merchantId)
    .where('external_id', '=', p.externalId),
);

/** Every column of a customer row, for inserts of a whole row. */
export const CUSTOMER_COLUMNS = [
  'id',
  'merchant_id',
  'external_id',
  'email',
  'email_normalized',
  'name',
  'birthday',
  'referral_code',
  'referred_by',
  'tier',
  'points_balance',
  'referrals_converted',
  'orders_count',
  'total_spent',
  'first_order_at',
  'last_order_at',
  'last_seen_at',
  'created_at',
  'updated_at',
  'deleted_at',
  'tier_below_since',
] as const;

export async function findCustomerById(db: Executor, merchantId: string, id: string) {
  return db
    .selectFrom('customers')
    .selectAll()
    .where('merchant_id', '=', merchantId)
    .where('id', '=', id)
    .executeTakeFirst();
}

// Every click reads its referrer by code: compiled once (db/precompiled.ts).
const customerByCode = precompile<{ merchantId: string; code: string }>()((db, p) =>
  db
    .selectFrom('customers')
    .selectAll()
    .where('merchant_id', '=', p.merchantId)
    .where('referral_code', '=', p.code),
);

export async function findCustomerByCode(
  db: Executor,
  merchantId: string,
  code: string,
): Promise<Customer | undefined> {
  return customerByCode.first(db, { merchantId, code: normalizeReferralCode(code) });
}

/** What a landing needs of the referrer whose code it names: who, since when, and the name to show. */
export type Referrer = Pick<Customer, 'id' | 'created_at' | 'referral_code' | 'name'>;

export async function findReferrerByCode(
  db: Executor,
  merchantId: string,
  code: string,
): Promise<Referrer | undefined> {
  return referrerByCode.first(db, { merchantId, code: normalizeReferralCode(code) });
}

// Every landing with `?ref=` sends it: the four columns it uses, not the customer's twenty-one.
const referrerByCode = precompile<{ merchantId: string; code: string }>()((db, p) =>
  db
    .selectFrom('customers')
    .select(['id', 'created_at', 'referral_code', 'name'])
    .where('merchant_id', '=', p.merchantId)
    .where('referral_code', '=', p.code),
);

async function freeReferralCode(db: Executor, merchantId: string, stem: string): Promise<string> {
  const candidates = referralCodeCandidates(stem);
  const taken = await db
    .selectFrom('customers')
    .select('referral_code')
    .where('merchant_id', '=', merchantId)
    .where('referral_code', 'in', candidates)
    .execute();
  const takenSet = new Set(taken.map((r) => r.referral_code));
  const free = candidates.find((c) => !takenSet.has(c));
  if (!free) throw new Error('no free referral code among candidates');
  return free;
}

/** A new customer's whole row: nothing earned, bought or seen yet. */
export function newCustomerRow(
  merchantId: string,
  input: CustomerInput,
  referralCode: string,
  now: Date,
): Customer {
  const at = now.toISOString();
  return {
    id: newId('cus', now.getTime()),
    merchant_id: merchantId,
    external_id: input.external_id,
    email: input.email ?? null,
    email_normalized: input.email ? normalizeEmail(input.email) : null,
    name: input.name ?? null,
    birthday: input.birthday ?? null,
    referral_code: referralCode,
    referred_by: null,
    tier: null,
    points_balance: 0,
    referrals_converted: 0,
    orders_count: 0,
    total_spent: 0,
    first_order_at: null,
    last_order_at: null,
    last_seen_at: null,
    created_at: at,
    updated_at: at,
    deleted_at: null,
    tier_below_since: null,
  };
}

/**
 * Creates the customer or updates the given fields. Concurrent upserts of one external_id end with
 * one row: the loser of the insert race reads the winner's row and updates it.
 */
export async function upsertCustomer(
  db: Executor,
  merchantId: string,
  input: CustomerInput,
  now: Date,
): Promise<{ customer: Customer; created: boolean }> {
  const existing = await findCustomer(db, merchantId, input.external_id);
  if (existing) return { customer: await updateCustomerFields(db, existing, input, now), created: false };

  for (let attempt = 0; attempt < 3; attempt++) {
    const row = newCustomerRow(
      merchantId,
      input,
      await freeReferralCode(db, merchantId, codeStem(input.name, input.email)),
      now,
    );
    // DO NOTHING on any unique constraint: a lost external_id race or a referral code drawn by
    // someone else in the meantime both leave no row, and no error that would abort a transaction.
    const inserted = await db
      .insertInto('customers')
      .values(row)
      .onConflict((oc) => oc.doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0) return { customer: row, created: true };
    const winner = await findCustomer(db, merchantId, input.external_id);
    if (winner) return { customer: await updateCustomerFields(db, winner, input, now), created: false };
  }
  throw new Error('could not create customer after retries');
}

/** The changes an upsert with `input` makes to a stored customer (as `upsertCustomer` makes them). */
export function customerFieldChanges(customer: Customer, input: CustomerInput): Partial<Customer> {
  const changes: Partial<Customer> = {};
  if (input.email !== undefined && input.email !== customer.email) {
    changes.email = input.email;
    changes.email_normalized = normalizeEmail(input.email);
  }
  if (input.name !== undefined && input.name !== customer.name) changes.name = input.name;
  if (input.birthday !== undefined && input.birthday !== customer.birthday) changes.birthday = input.birthday;
  return changes;
}

async function updateCustomerFields(db: Executor, customer: Customer, input: CustomerInput, now: Date) {
  const changes = customerFieldChanges(customer, input);
  if (Object.keys(changes).length === 0) return customer;
  changes.updated_at = now.toISOString();
  await db.updateTable('customers').set(changes).where('id', '=', customer.id).execute();
  return { ...customer, ...changes };
}

export interface CustomerStats {
  clicks: number;
  referrals: number;
  conversions: number;
}

/** Referral stats for many customers in three grouped queries, never one query per customer. */
export async function loadCustomerStats(
  db: Executor,
  customerIds: string[],
): Promise<Map<string, CustomerStats>> {
  const stats = new Map<string, CustomerStats>(
    customerIds.map((id) => [id, { clicks: 0, referrals: 0, conversions: 0 }]),
  );
  if (customerIds.length === 0) return stats;
  const [clicks, referred, converted] = await Promise.all([
    db
      .selectFrom('clicks')
      .select(['referrer_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('referrer_id', 'in', customerIds)
      .groupBy('referrer_id')
      .execute(),
    db
      .selectFrom('customers')
      .select(['referred_by', (eb) => eb.fn.countAll<number>().as('n')])
      .where('referred_by', 'in', customerIds)
      .groupBy('referred_by')
      .execute(),
    db
      .selectFrom('referrals')
      .select(['referrer_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('referrer_id', 'in', customerIds)
      .where('status', '=', 'converted')
      .groupBy('referrer_id')
      .execute(),
  ]);
  for (const r of clicks) stats.get(r.referrer_id)!.clicks = Number(r.n);
  for (const r of referred) if (r.referred_by) stats.get(r.referred_by)!.referrals = Number(r.n);
  for (const r of converted) stats.get(r.referrer_id)!.conversions = Number(r.n);
  return stats;
}

/** Spend at the 90th percentile of buyers, or null with too few buyers to speak of a decile. */
export async function topDecileSpend(db: Executor, merchantId: string): Promise<number | null> {
  const buyers = await db
    .selectFrom('customers')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('merchant_id', '=', merchantId)
    .where('orders_count', '>', 0)
    .executeTakeFirstOrThrow();
  const n = Number(buyers.n);
  if (n < TOP_DECILE_MIN_BUYERS) return null;
  const row = await db
    .selectFrom('customers')
    .select('total_spent')
    .where('merchant_id', '=', merchantId)
    .where('orders_count', '>', 0)
    .orderBy('total_spent', 'desc')
    .offset(Math.floor(n / 10) - 1)
    .limit(1)
    .executeTakeFirst();
  return row ? Number(row.total_spent) : null;
}

export async function listCustomers(
  db: Executor,
  merchantId: string,
  options: {
    limit: number;
    startingAfter?: string | undefined;
    segment?: Segment | undefined;
    thresholds: SegmentThresholds;
    now: Date;
    topDecile: number | null;
  },
): Promise<{ rows: Customer[]; hasMore: boolean }> {
  let query = db
    .selectFrom('customers')
    .selectAll()
    .where('merchant_id', '=', merchantId)
    .where('deleted_at', 'is', null);
  if (options.startingAfter) query = query.where('id', '<', options.startingAfter);
  if (options.segment) {
    const filter = segmentFilter(options.segment, options.thresholds, options.now, options.topDecile);
    query = query.where(filter);
  }
  const rows = await query
    .orderBy('id', 'desc')
    .limit(options.limit + 1)
    .execute();
  return { rows: rows.slice(0, options.limit), hasMore: rows.length > options.limit };
}

/** The SQL twin of `segmentOf`: the same precedence, so a filtered list agrees with each row's segment. */
export function segmentFilter(
  segment: Segment,
  thresholds: SegmentThresholds,
  now: Date,
  top: number | null,
) {
  const { silentBefore, activeSince } = segmentCutoffs(thresholds, now);
  const lastActive = sql<string>`coalesce(last_seen_at, created_at)`;
  const { high_value_orders } = thresholds;
  return (eb: ExpressionBuilder<Database, 'customers'>) => {
    const isHighValue =
      top === null
        ? eb('orders_count', '>=', high_value_orders)
        : eb.or([eb('orders_count', '>=', high_value_orders), eb('total_spent', '>=', top)]);
    const notSilent = eb(lastActive, '>', silentBefore);
    switch (segment) {
      case 'new':
        return eb('orders_count', '=', 0);
      case 'silent':
        return eb.and([eb('orders_count', '>', 0), eb(lastActive, '<=', silentBefore)]);
      case 'high_value':
        return eb.and([eb('orders_count', '>', 0), notSilent, isHighValue]);
      case 'active':
        return eb.and([
          eb('orders_count', '>=', 2),
          notSilent,
          eb.not(isHighValue),
          eb(lastActive, '>=', activeSince),
        ]);
      case 'purchased':
        return eb.and([
          eb('orders_count', '>', 0),
          notSilent,
          eb.not(isHighValue),
          eb.or([eb('orders_count', '<', 2), eb(lastActive, '<', activeSince)]),
        ]);
    }
  };
}
