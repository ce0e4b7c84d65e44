// SQL for automations: the firing claims (one row per rule, customer and occurrence), the remembered
// lifecycle state, the widget's messages and the per-rule counts.
import type { AutomationFiringTable, Executor } from '../db/schema.ts';
import { readJson } from '../db/schema.ts';

export interface LifecycleState {
  segment: string;
  segment_since: string;
  tier: string | null;
  tier_changed_at: string | null;
}

/**
 * Claims (rule, customer, occurrence). True for the one caller that inserted the row: under a
 * concurrent claim PostgreSQL makes the second insert wait for the first transaction, then skip.
 */
export async function claimFiring(db: Executor, row: AutomationFiringTable): Promise<boolean> {
  const result = await db
    .insertInto('automation_firings')
    .values(row)
    .onConflict((oc) => oc.columns(['merchant_id', 'rule_id', 'customer_id', 'occurrence']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
}

export async function setFiringReward(db: Executor, firingId: string, rewardId: string) {
  await db
    .updateTable('automation_firings')
    .set({ reward_id: rewardId })
    .where('id', '=', firingId)
    .execute();
}

/** `rule|occurrence` keys already fired for these customers, to skip work that is done. */
export async function firedKeys(db: Executor, customerIds: string[]): Promise<Set<string>> {
  if (customerIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('automation_firings')
    .select(['customer_id', 'rule_id', 'occurrence'])
    .where('customer_id', 'in', customerIds)
    .execute();
  return new Set(rows.map((r) => firedKey(r.customer_id, r.rule_id, r.occurrence)));
}

export const firedKey = (customerId: string, ruleId: string, occurrence: string) =>
  `${customerId}|${ruleId}|${occurrence}`;

export async function lifecycleStates(db: Executor, customerIds: string[]) {
  const states = new Map<string, LifecycleState>();
  if (customerIds.length === 0) return states;
  const rows = await db
    .selectFrom('lifecycle_states')
    .selectAll()
    .where('customer_id', 'in', customerIds)
    .execute();
  for (const row of rows) states.set(row.customer_id, row);
  return states;
}

/**
 * Records the segment and tier seen now and answers the state with its times: a new segment starts
 * now; a tier change is dated now (the first sighting of a customer is a baseline, not a change).
 * Called under the customer's lock, so two runs never both record one transition.
 */
export async function observeLifecycle(
  db: Executor,
  merchantId: string,
  customerId: string,
  seen: { segment: string; tier: string | null },
  now: Date,
): Promise<LifecycleState> {
  const at = now.toISOString();
  const previous = await db
    .selectFrom('lifecycle_states')
    .selectAll()
    .where('customer_id', '=', customerId)
    .executeTakeFirst();
  if (!previous) {
    const state = { segment: seen.segment, segment_since: at, tier: seen.tier, tier_changed_at: null };
    await db
      .insertInto('lifecycle_states')
      .values({ customer_id: customerId, merchant_id: merchantId, ...state })
      .execute();
    return state;
  }
  const state: LifecycleState = {
    segment: seen.segment,
    segment_since: previous.segment === seen.segment ? previous.segment_since : at,
    tier: seen.tier,
    tier_changed_at: previous.tier === seen.tier ? previous.tier_changed_at : at,
  };
  if (state.segment_since !== previous.segment_since || state.tier_changed_at !== previous.tier_changed_at) {
    await db.updateTable('lifecycle_states').set(state).where('customer_id', '=', customerId).execute();
  }
  return state;
}

/** Order times per customer, ascending. */
export async function orderTimesOf(db: Executor, customerIds: string[]) {
  const times = new Map<string, string[]>(customerIds.map((id) => [id, []]));
  if (customerIds.length === 0) return times;
  const rows = await db
    .selectFrom('orders')
    .select(['customer_id', 'created_at'])
    .where('customer_id', 'in', customerIds)
    .where('status', '!=', 'refunded')
    .orderBy('created_at')
    .execute();
  for (const row of rows) times.get(row.customer_id)?.push(row.created_at);
  return times;
}

/** Order times of the shop's most recent repeat buyers, for the shop's usual interval. */
export async function repeatBuyerOrderTimes(db: Executor, merchantId: string, buyers = 1000) {
  const ids = await db
    .selectFrom('customers')
    .select('id')
    .where('merchant_id', '=', merchantId)
    .where('orders_count', '>=', 2)
    .orderBy('last_order_at', 'desc')
    .limit(buyers)
    .execute();
  return orderTimesOf(
    db,
    ids.map((r) => r.id),
  );
}

/** The last points movement of each customer. */
export async function lastPointsMovements(db: Executor, customerIds: string[]) {
  const last = new Map<string, string>();
  if (customerIds.length === 0) return last;
  const rows = await db
    .selectFrom('ledger_entries')
    .select(['customer_id', (eb) => eb.fn.max('created_at').as('at')])
    .where('customer_id', 'in', customerIds)
    .where('account', '=', 'points')
    .groupBy('customer_id')
    .execute();
  for (const row of rows) if (row.at) last.set(row.customer_id, String(row.at));
  return last;
}

export interface AutomationMessage {
  id: string;
  automation: string;
  title: string;
  body: string;
  coupon_code: string | null;
  fired_at: string;
}

/** On-site messages fired for this customer since `since`, newest first; marks first showings. */
export async function messagesFor(
  db: Executor,
  customerId: string,
  since: string,
  now: Date,
): Promise<AutomationMessage[]> {
  const rows = await db
    .selectFrom('automation_firings')
    .leftJoin('rewards', 'rewards.id', 'automation_firings.reward_id')
    .select([
      'automation_firings.id',
      'automation_firings.rule_id',
      'automation_firings.message',
      'automation_firings.fired_at',
      'automation_firings.shown_at',
      'rewards.coupon_code',
    ])
    .where('automation_firings.customer_id', '=', customerId)
    .where('automation_firings.fired_at', '>=', since)
    .where('automation_firings.message', 'is not', null)
    .orderBy('automation_firings.id', 'desc')
    .limit(5)
    .execute();
  const unseen = rows.filter((r) => r.shown_at === null).map((r) => r.id);
  if (unseen.length > 0) {
    await db
      .updateTable('automation_firings')
      .set({ shown_at: now.toISOString() })
      .where('id', 'in', unseen)
      .execute();
  }
  return rows.map((r) => {
    const message = readJson<{ title: string; body: string }>(r.message, { title: '', body: '' });
    return {
      id: r.id,
      automation: r.rule_id,
      title: message.title,
      body: message.body,
      coupon_code: r.coupon_code ?? null,
      fired_at: r.fired_at,
    };
  });
}

/** Per rule: how often it fired, was shown on site, and was followed by an order (converted). */
export async function firingCounts(db: Executor, merchantId: string) {
  const rows = await db
    .selectFrom('automation_firings as f')
    .select((eb) => [
      'f.rule_id',
      eb.fn.countAll<number>().as('fired'),
      eb.fn.count<number>('f.shown_at').as('shown'),
      eb.fn
        .sum<number>(
          eb
            .case()
            .when(
              eb.exists(
                eb
                  .selectFrom('orders as o')
                  .select('o.id')
                  .whereRef('o.customer_id', '=', 'f.customer_id')
                  .whereRef('o.created_at', '>', 'f.fired_at'),
              ),
            )
            .then(1)
            .else(0)
            .end(),
        )
        .as('converted'),
    ])
    .where('f.merchant_id', '=', merchantId)
    .groupBy('f.rule_id')
    .execute();
  return new Map(
    rows.map((r) => [
      r.rule_id,
      { fired: Number(r.fired), shown: Number(r.shown), converted: Number(r.converted ?? 0) },
    ]),
  );
}
