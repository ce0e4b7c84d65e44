// Recording an order: the customer, purchase points, coupon redemption and — on a friend's first paid
// order — attribution and the double-sided rewards, in the transaction the entry gives it. Re-posting
// an external_id returns the stored order and changes nothing, even under concurrency.
//
// The steps: sign up (or lock) the buyer → gather the evidence and decide the attribution (reads) →
// claim the order by writing its row, whole, once → credit the purchase points → apply the
// attribution → write the gathered effects together (services/order-effects.ts).
import type { Customer, CustomerUpdate, Executor, Order } from '../db/schema.ts';
import type { Deps } from '../deps.ts';
import { decideAttribution, type Evidence, pickEvidence } from '../domain/attribution.ts';
import { pointsBoost } from '../domain/campaigns.ts';
import { deviceHash } from '../domain/device.ts';
import { isDisposableEmail } from '../domain/disposable-email.ts';
import { normalizeEmail } from '../domain/email.ts';
import { inHoldout } from '../domain/holdout.ts';
import { purchasePoints } from '../domain/loyalty.ts';
import { tierWindowStart } from '../domain/tiers.ts';
import { newId } from '../ids.ts';
import type { OrderCreate, OrderObject } from '../schemas/order.ts';
import type { ProgramConfig } from '../schemas/program.ts';
import { customerFieldChanges, findCustomer, upsertCustomer } from '../store/customers.ts';
import type { Experiment } from '../store/experiments.ts';
import type { AuthedMerchant } from '../store/merchants.ts';
import { releaseClaimedCouponEvidence, takeClaimedCouponEvidence } from '../store/offer-claims.ts';
import { lockCustomer } from '../store/order-parties.ts';
import { claimOrder, findOrder, orderObject, presentOrder } from '../store/orders.ts';
import { loadProgram } from '../store/programs.ts';
import { refusedReferrers } from '../store/referrals.ts';
import { customerCreatedEvent, signupMovement, signupPoints, tryCreateCustomer } from '../store/sign-up.ts';
import {
  type AttributionPlan,
  applyAttribution,
  type ConversionContext,
  planAttribution,
} from './conversion.ts';
import { friendVisitorDevice, gatherEvidence, gatherFraudFacts } from './evidence.ts';
import { loadRunningExperiment } from './experiment-exposure.ts';
import { OrderEffects } from './order-effects.ts';
import { redeemOrderCoupons } from './redemption.ts';
import { refreshTier } from './tiers.ts';

// Jobs and services that move a customer's points lock the row the way an order locks its buyer.
export { lockCustomer };

export type OrderSource = 'api' | 'shopify' | 'stripe' | 'woocommerce' | 'import';

export interface RecordedOrder {
  order: OrderObject;
  created: boolean;
}

/**
 * What recording an order needs from outside its transaction, read or computed before it opens — or,
 * when this external_id was recorded before, the stored order: the answer, with no transaction.
 */
export type PreparedOrder = { existing: RecordedOrder } | NewOrder;

interface NewOrder {
  existing: null;
  merchantId: string;
  /** The buyer's id when they were a customer already as the order arrived. */
  buyerId: string | null;
  input: OrderCreate;
  source: OrderSource;
  program: ProgramConfig;
  experiment: Experiment | null;
  now: Date;
  ipHash: string | null;
  uaHash: string | null;
  disposableEmail: boolean;
}

/**
 * The part of recording an order that needs no transaction: a repeat is answered from the stored
 * order; otherwise the program, the running experiment and the device hashes are read or computed
 * here, once, rather than inside a transaction that may be run again.
 */
export async function prepareOrder(
  deps: Deps,
  merchant: AuthedMerchant,
  input: OrderCreate,
  source: OrderSource,
): Promise<PreparedOrder> {
  // Both read outside the transaction, where they hold no lock (and, on SQLite, do not wait for the
  // writer). A customer's id never changes, so the buyer found here is the one the transaction locks.
  const [stored, buyer] = await Promise.all([
    findOrder(deps.db, merchant.id, input.external_id),
    findCustomer(deps.db, merchant.id, input.customer.external_id),
  ]);
  if (stored) return { existing: { order: await presentOrder(deps.db, stored), created: false } };
  const salt = merchant.settings.session_secret;
  const [program, experiment, ipHash, uaHash, disposableEmail] = await Promise.all([
    loadProgram(deps, merchant.id),
    loadRunningExperiment(deps, merchant.id),
    deviceHash(salt, input.ip),
    deviceHash(salt, input.user_agent),
    isDisposableEmail(input.customer.email),
  ]);
  return {
    existing: null,
    merchantId: merchant.id,
    buyerId: buyer?.id ?? null,
    input,
    source,
    program,
    experiment,
    now: deps.clock.now(),
    ipHash,
    uaHash,
    disposableEmail,
  };
}

/**
 * Records a prepared order in the caller's transaction (entries open it with `transact()`; run
 * again after a deadlock, it starts over cleanly: nothing here outlives an attempt).
 */
export async function recordOrder(trx: Executor, prepared: PreparedOrder): Promise<RecordedOrder> {
  if (prepared.existing) return prepared.existing;
  const { input, program, now } = prepared;
  const { buyer, created, changes } = await signUpBuyer(trx, prepared);
  const effects = new OrderEffects(buyer);
  Object.assign(effects.buyerChanges, changes);
  if (created) welcome(prepared, buyer, effects);

  const orderId = newId('ord', now.getTime());
  const attributed = program.referral.enabled
    ? await attribute(trx, prepared, buyer, created, orderId)
    : null;
  const order = orderRow(prepared, orderId, buyer, attributed);
  if (!(await claimOrder(trx, order))) return answerWinner(trx, prepared, orderId, effects);

  creditPurchase(program, buyer, order, effects, now);
  await redeemOrderCoupons(trx, prepared.merchantId, input.coupon_codes, now);
  if (attributed) await applyAttribution(trx, attributed.ctx, attributed.plan, effects);
  await effects.write(trx);
  await reviewTier(trx, prepared, buyer, created, order, effects);
  const rewards = effects.rewards
    .filter((r) => r.order_id === order.id)
    .sort((a, b) => (a.id < b.id ? -1 : 1));
  return { order: orderObject(order, rewards), created: true };
}

/** The order row, whole: written once, as the claim of its external_id. */
function orderRow(
  prepared: NewOrder,
  orderId: string,
  buyer: Customer,
  attributed: { plan: AttributionPlan; friendIpHash: string | null } | null,
): Order {
  const { input, now } = prepared;
  return {
    id: orderId,
    merchant_id: prepared.merchantId,
    external_id: input.external_id,
    customer_id: buyer.id,
    amount: input.amount,
    refunded_amount: 0,
    currency: input.currency,
    coupon_codes: JSON.stringify(input.coupon_codes),
    visitor_id: input.visitor_id ?? null,
    referral_code: input.referral_code ?? null,
    status: 'paid',
    attribution: attributed ? JSON.stringify(attributed.plan.attribution) : null,
    // With attribution evidence, the friend's address as best known (the order's, the visitor's, the
    // click's): the IP velocity rule counts referred orders by it.
    ip_hash: attributed?.friendIpHash ?? prepared.ipHash,
    source: prepared.source,
    created_at: input.created_at ? new Date(input.created_at).toISOString() : now.toISOString(),
    recorded_at: now.toISOString(),
  };
}

/**
 * The buyer's row, held for the rest of the transaction — first in the lock order: created in it (no
 * one else sees it yet), or locked, so one customer's orders are processed one at a time and "first
 * order" is decided once. A known buyer's new email or name comes back as changes for the order's
 * one update of the row.
 */
async function signUpBuyer(
  trx: Executor,
  prepared: NewOrder,
): Promise<{ buyer: Customer; created: boolean; changes: CustomerUpdate }> {
  const { merchantId, now } = prepared;
  const { customer } = prepared.input;
  const input = { external_id: customer.external_id, email: customer.email, name: customer.name };
  let known = prepared.buyerId;
  if (!known) {
    const fresh = await tryCreateCustomer(trx, merchantId, input, now);
    if (fresh) return { buyer: fresh, created: true, changes: {} };
    // Created meanwhile by a concurrent post, or the code candidate was taken: the full upsert.
    const upserted = await upsertCustomer(trx, merchantId, input, now);
    if (upserted.created) return { buyer: upserted.customer, created: true, changes: {} };
    known = upserted.customer.id;
  }
  const locked = await lockCustomer(trx, known);
  const changes = customerFieldChanges(locked, input);
  if (Object.keys(changes).length > 0) changes.updated_at = now.toISOString();
  return { buyer: { ...locked, ...changes }, created: false, changes };
}

/** A new customer's `customer.created` event and sign-up points (store/sign-up.ts, batched). */
function welcome(prepared: NewOrder, buyer: Customer, effects: OrderEffects) {
  effects.events.add(customerCreatedEvent(prepared.merchantId, buyer), prepared.now);
  const points = signupPoints(prepared.program, buyer);
  if (points > 0) effects.buyer.move(signupMovement(buyer, points), effects.events, prepared.now);
}

/**
 * Gathers the evidence, decides, and plans the attribution's writes — reads, and the taking of a
 * friend-offer coupon's claim for this order id, given back if the order turns out to be another
 * post's. Null when nothing points at a referrer.
 */
async function attribute(
  trx: Executor,
  prepared: NewOrder,
  buyer: Customer,
  buyerIsNew: boolean,
  orderId: string,
): Promise<{ plan: AttributionPlan; ctx: ConversionContext; friendIpHash: string | null } | null> {
  const { merchantId, input, now } = prepared;
  const orderTime = new Date(input.created_at ?? now.toISOString());
  const gathered = await gatherOrderEvidence(trx, prepared, buyer, buyerIsNew, orderId, orderTime);
  if (!gathered) return null;
  const decision = decideAttribution({
    evidence: gathered.evidence,
    friend: {
      customerId: buyer.id,
      emailNormalized:
        buyer.email_normalized ?? (input.customer.email ? normalizeEmail(input.customer.email) : null),
      previousOrders: buyer.orders_count,
      referredBy: buyer.referred_by,
    },
    orderAmount: input.amount,
    fraud: await gatherFraudFacts(trx, {
      merchantId,
      referrerId: gathered.chosen.referrerId,
      friendDevices: gathered.devices,
      friendIpHash: gathered.friendIpHash,
      disposableEmail: prepared.disposableEmail,
      orderTime,
      checkSameDevice: prepared.program.fraud.flag_same_device_as_referrer,
    }),
    rules: attributionRules(prepared.program),
  });
  const ctx: ConversionContext = {
    merchantId,
    program: prepared.program,
    orderId,
    friend: buyer,
    friendIsNew: buyerIsNew,
    visitorId: input.visitor_id ?? null,
    now,
    experiment: prepared.experiment,
  };
  const plan = await planAttribution(trx, ctx, decision);
  return plan ? { plan, ctx, friendIpHash: gathered.friendIpHash } : null;
}

/** Who could have referred the buyer, and the devices the buyer was seen on; null without evidence. */
async function gatherOrderEvidence(
  trx: Executor,
  prepared: NewOrder,
  buyer: Customer,
  buyerIsNew: boolean,
  orderId: string,
  orderTime: Date,
) {
  const { merchantId, input } = prepared;
  const gathered = await gatherEvidence(trx, {
    merchantId,
    friend: buyer,
    friendIsNew: buyerIsNew,
    couponCodes: input.coupon_codes,
    claimedCouponReferrers: await takeClaimedCouponEvidence(trx, merchantId, input.coupon_codes, orderId),
    referralCode: input.referral_code,
    visitorId: input.visitor_id,
    orderTime,
    windowDays: prepared.program.referral.attribution_window_days,
  });
  const evidence = await relevantEvidence(trx, buyer, gathered.evidence);
  const chosen = pickEvidence(evidence);
  if (!chosen) return null;
  const visitor = await friendVisitorDevice(trx, merchantId, input.visitor_id);
  return {
    evidence,
    chosen,
    friendIpHash: prepared.ipHash ?? visitor?.ip_hash ?? gathered.click?.ip_hash ?? null,
    devices: [
      { ip_hash: prepared.ipHash, ua_hash: prepared.uaHash },
      ...(visitor ? [visitor] : []),
      ...(gathered.click ? [gathered.click] : []),
    ],
  };
}

const attributionRules = (program: ProgramConfig) => ({
  minOrderAmount: program.referral.min_order_amount,
  maxReferredOrdersPerIpPerDay: program.fraud.max_referred_orders_per_ip_per_day,
  flagDisposableEmails: program.fraud.flag_disposable_emails,
  flagSameDevice: program.fraud.flag_same_device_as_referrer,
});

/**
 * Another post of this external_id recorded it first: what this attempt did before the claim stays
 * as it would have without the order (a customer it created keeps their welcome), the coupon claims
 * it took go back, and the answer is the stored order.
 */
async function answerWinner(
  trx: Executor,
  prepared: NewOrder,
  orderId: string,
  effects: OrderEffects,
): Promise<RecordedOrder> {
  await effects.write(trx);
  if (prepared.input.coupon_codes.length > 0) {
    await releaseClaimedCouponEvidence(trx, prepared.merchantId, orderId);
  }
  const winner = await findOrder(trx, prepared.merchantId, prepared.input.external_id);
  if (!winner) throw new Error(`order ${prepared.input.external_id} was claimed but cannot be read`);
  return { order: await presentOrder(trx, winner), created: false };
}

/**
 * The buyer's tier after this order. A customer created in this transaction has no history but what
 * it just wrote, so what the tiers measure is known here; anyone else's is read (refreshTier).
 */
async function reviewTier(
  trx: Executor,
  prepared: NewOrder,
  buyer: Customer,
  buyerIsNew: boolean,
  order: Order,
  effects: OrderEffects,
) {
  const { program, now } = prepared;
  const loyalty = program.loyalty;
  // With no tiers in the program and none held, there is nothing to review.
  if (loyalty.tiers.length === 0 && buyer.tier === null && buyer.tier_below_since === null) return;
  if (!buyerIsNew) {
    await refreshTier(trx, program, buyer.id, now);
    return;
  }
  const since = tierWindowStart(now, loyalty.tier_window_months);
  const spent =
    order.currency === loyalty.tier_currency && (since === null || order.created_at >= since)
      ? order.amount
      : 0;
  // Every entry of a new customer is an earning (sign-up, purchase, the friend's reward), made now.
  const earned = effects.buyer.entries.reduce((sum, e) => sum + e.delta, 0);
  await refreshTier(trx, program, buyer.id, now, {
    merchant_id: buyer.merchant_id,
    tier: buyer.tier,
    tier_below_since: buyer.tier_below_since,
    amount: loyalty.tier_basis === 'spend' ? spent : earned,
  });
}

/** The purchase's points and the buyer's order counters. */
function creditPurchase(
  program: ProgramConfig,
  buyer: Customer,
  order: Order,
  effects: OrderEffects,
  now: Date,
) {
  Object.assign(effects.buyerChanges, {
    orders_count: buyer.orders_count + 1,
    total_spent: Number(buyer.total_spent) + order.amount,
    first_order_at: buyer.first_order_at ?? order.created_at,
    last_order_at: order.created_at,
    last_seen_at: maxTime(buyer.last_seen_at, order.created_at),
    updated_at: now.toISOString(),
  } satisfies CustomerUpdate);
  if (inHoldout(program.holdout, buyer)) return; // held out of the program: earns nothing
  const tier = program.loyalty.tiers.find((t) => t.name === buyer.tier) ?? null;
  const earned = purchasePoints(order.amount, order.currency, program.loyalty, tier);
  // A running campaign's boost applies as the order is placed (docs/lifecycle.md).
  const points = Math.floor(earned * pointsBoost(program.campaigns, now));
  if (points <= 0) return;
  effects.buyer.move(
    { delta: points, reason: 'purchase', causeKey: `purchase:${order.id}`, orderId: order.id },
    effects.events,
    now,
  );
}

/**
 * A repeat buyer's own referral history is not new evidence: only evidence tied to this order (a
 * coupon, a code, a fresh click) by someone else counts, and each such referrer is refused once.
 */
async function relevantEvidence(trx: Executor, friend: Customer, evidence: Evidence[]): Promise<Evidence[]> {
  if (friend.orders_count === 0) return evidence;
  const fresh = evidence.filter((e) => e.referrerId !== friend.referred_by && e.method !== 'email');
  if (fresh.length === 0) return [];
  const already = await refusedReferrers(trx, friend.id);
  return fresh.filter((e) => !already.has(e.referrerId));
}

function maxTime(a: string | null, b: string): string {
  return a && a > b ? a : b;
}
