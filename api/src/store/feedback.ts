// Feedback rows: one per order, written once; read as lists, score counts and texts for the insights.
import { sql } from 'kysely';
import type { Executor, FeedbackRow } from '../db/schema.ts';
import type { Segment } from '../domain/segments.ts';

export type FeedbackWithCustomer = FeedbackRow & { customer_external_id: string | null };

/** Inserts the answer unless the order has one already; true when this call wrote it. */
export async function insertFeedback(db: Executor, row: FeedbackRow): Promise<boolean> {
  const result = await db
    .insertInto('feedback')
    .values(row)
    .onConflict((oc) => oc.columns(['merchant_id', 'order_id']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

const withCustomer = (db: Executor) =>
  db
    .selectFrom('feedback')
    .leftJoin('customers', 'customers.id', 'feedback.customer_id')
    .selectAll('feedback')
    .select('customers.external_id as customer_external_id');

export async function findFeedbackForOrder(
  db: Executor,
  merchantId: string,
  orderId: string,
): Promise<FeedbackWithCustomer | undefined> {
  return withCustomer(db)
    .where('feedback.merchant_id', '=', merchantId)
    .where('feedback.order_id', '=', orderId)
    .executeTakeFirst();
}

export async function listFeedback(
  db: Executor,
  merchantId: string,
  options: {
    limit: number;
    startingAfter?: string | undefined;
    from?: string | undefined;
    to?: string | undefined;
    scoreMax?: number | undefined;
    segment?: Segment | undefined;
  },
): Promise<{ rows: FeedbackWithCustomer[]; hasMore: boolean }> {
  let query = withCustomer(db).where('feedback.merchant_id', '=', merchantId);
  if (options.startingAfter) query = query.where('feedback.id', '<', options.startingAfter);
  if (options.from) query = query.where('feedback.created_at', '>=', options.from);
  if (options.to) query = query.where('feedback.created_at', '<', options.to);
  if (options.scoreMax !== undefined) query = query.where('feedback.score', '<=', options.scoreMax);
  if (options.segment) query = query.where('feedback.segment', '=', options.segment);
  const rows = await query
    .orderBy('feedback.id', 'desc')
    .limit(options.limit + 1)
    .execute();
  return { rows: rows.slice(0, options.limit), hasMore: rows.length > options.limit };
}

/** One person's answers, oldest first, for their export. */
export async function feedbackOfCustomer(db: Executor, customerId: string): Promise<FeedbackWithCustomer[]> {
  return withCustomer(db).where('feedback.customer_id', '=', customerId).orderBy('feedback.id').execute();
}

/**
 * GDPR erasure: the answers stay as anonymous scores (the KPIs of past periods do not move), but lose
 * their free texts — the only place a shopper may have written something personal — and the link to
 * the customer. Call it inside the erasure's transaction.
 */
export async function eraseCustomerFeedback(
  db: Executor,
  merchantId: string,
  customerId: string,
): Promise<number> {
  const result = await db
    .updateTable('feedback')
    .set({ customer_id: null, liked_most: null, liked_least: null, suggestion: null })
    .where('merchant_id', '=', merchantId)
    .where('customer_id', '=', customerId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export interface ScoreCount {
  segment: string;
  referred: number;
  score: number;
  n: number;
}

/** How many answered each score, per segment and referred-or-not, among answers of the period. */
export async function countScores(
  db: Executor,
  merchantId: string,
  range: { from: string; to: string },
): Promise<ScoreCount[]> {
  const rows = await db
    .selectFrom('feedback')
    .select(['segment', 'referred', 'score', (eb) => eb.fn.countAll().as('n')])
    .where('merchant_id', '=', merchantId)
    .where('created_at', '>=', range.from)
    .where('created_at', '<', range.to)
    .groupBy(['segment', 'referred', 'score'])
    .execute();
  return rows.map((r) => ({
    segment: r.segment,
    referred: Number(r.referred),
    score: Number(r.score),
    n: Number(r.n),
  }));
}

/** Score counts per UTC day (`YYYY-MM-DD`) or month (`YYYY-MM`): ISO timestamps sort and cut alike. */
export async function countScoresByPeriod(
  db: Executor,
  merchantId: string,
  range: { from: string; to: string },
  interval: 'day' | 'month',
): Promise<{ period: string; score: number; n: number }[]> {
  const period = sql<string>`substr(created_at, 1, ${sql.lit(interval === 'day' ? 10 : 7)})`;
  const rows = await db
    .selectFrom('feedback')
    .select([period.as('period'), 'score', (eb) => eb.fn.countAll().as('n')])
    .where('merchant_id', '=', merchantId)
    .where('created_at', '>=', range.from)
    .where('created_at', '<', range.to)
    .groupBy([period, 'score'])
    .orderBy(period)
    .execute();
  return rows.map((r) => ({ period: r.period, score: Number(r.score), n: Number(r.n) }));
}

/** The period's "liked least" texts, newest first, capped: the ranking needs a sample, not every row. */
export async function likedLeastTexts(
  db: Executor,
  merchantId: string,
  range: { from: string; to: string },
  cap = 5000,
): Promise<{ text: string; locale: string | null }[]> {
  const rows = await db
    .selectFrom('feedback')
    .select(['liked_least', 'locale'])
    .where('merchant_id', '=', merchantId)
    .where('created_at', '>=', range.from)
    .where('created_at', '<', range.to)
    .where('liked_least', 'is not', null)
    .orderBy('id', 'desc')
    .limit(cap)
    .execute();
  return rows.map((r) => ({ text: r.liked_least ?? '', locale: r.locale }));
}

/** Merchant order ids of the orders placed in the period (the survey's candidates). */
export async function orderIdsPlaced(
  db: Executor,
  merchantId: string,
  range: { from: string; to: string },
): Promise<string[]> {
  const rows = await db
    .selectFrom('orders')
    .select('external_id')
    .where('merchant_id', '=', merchantId)
    .where('created_at', '>=', range.from)
    .where('created_at', '<', range.to)
    .execute();
  return rows.map((r) => r.external_id);
}

/** Answers to orders placed in the period (the response rate's numerator). */
export async function countAnsweredOrders(
  db: Executor,
  merchantId: string,
  range: { from: string; to: string },
): Promise<number> {
  const row = await db
    .selectFrom('feedback')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('merchant_id', '=', merchantId)
    .where('order_created_at', '>=', range.from)
    .where('order_created_at', '<', range.to)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}
