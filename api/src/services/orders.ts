// Recording an order: the customer, purchase points, coupon redemption and — on a friend's first paid
// order — attribution and the double-sided rewards, all in one transaction. Re-posting an external_id
// returns the stored order and changes nothing, even under concurrency: the order row's unique key is
// claimed first, and the loser of a race reads the winner's order.
import { lockRows } from '../db/dialect.ts';
import type { Customer, Executor, Order } from '../db/schema.ts';
import { transact } from '../db/transaction.ts';
import type { Deps } from '../deps.ts';
import { decideAttribution, type Evidence, pickEvidence } from '../domain/attribution.ts';
import { pointsBoost } from '../domain/campaigns.ts';
import { deviceHash } from '../domain/device.ts';
import { isDisposableEmail } from '../domain/disposable-email.ts';
import { normalizeEmail } from '../domain/email.ts';
import { inHoldout } from '../domain/holdout.ts';
import { purchasePoints } from '../domain/loyalty.ts';
import { newId } from '../ids.ts';
import type { OrderCreate, OrderObject } from '../schemas/order.ts';
import type { ProgramConfig } from '../schemas/program.ts';
import { movePoints } from '../store/ledger.ts';
import type { AuthedMerchant } from '../store/merchants.ts';
import { takeClaimedCouponEvidence } from '../store/offer-claims.ts';
import { findOrder, presentOrder } from '../store/orders.ts';
import { loadProgram } from '../store/programs.ts';
import { signUpCustomer } from '../store/sign-up.ts';
import { applyAttribution } from './conversion.ts';
import { gatherEvidence, gatherFraudFacts } from './evidence.ts';
import { loadRunningExperiment } from './experiment-exposure.ts';
import { redeemOrderCoupons } from './redemption.ts';
import { refreshTier } from './tiers.ts';

export type OrderSource = 'api' | 'shopify' | 'stripe' | 'woocommerce' | 'import';

export async function recordOrder(
  deps: Deps,
  merchant: AuthedMerchant,
  input: OrderCreate,
  source: OrderSource,
): Promise<{ order: OrderObject; created: boolean }> {
  const existing = await findOrder(deps.db, merchant.id, input.external_id);
  if (existing) return { order: await presentOrder(deps.db, existing), created: false };

  const program = await loadProgram(deps, merchant.id);
  const experiment = await loadRunningExperiment(deps, merchant.id);
  const now = deps.clock.now();
  const salt = merchant.settings.session_secret;
  const [ipHash, uaHash, disposable] = await Promise.all([
    deviceHash(salt, input.ip),
    deviceHash(salt, input.user_agent),
    isDisposableEmail(input.customer.email),
  ]);

  const result = await transact(deps.db, async (trx) => {
    const { customer } = await signUpCustomer(
      trx,
      merchant.id,
      { external_id: input.customer.external_id, email: input.customer.email, name: input.customer.name },
      now,
      program,
    );
    const order: Order = {
      id: newId('ord', now.getTime()),
      merchant_id: merchant.id,
      external_id: input.external_id,
      customer_id: customer.id,
      amount: input.amount,
      refunded_amount: 0,
      currency: input.currency,
      coupon_codes: JSON.stringify(input.coupon_codes),
      visitor_id: input.visitor_id ?? null,
      referral_code: input.referral_code ?? null,
      status: 'paid',
      attribution: null,
      ip_hash: ipHash,
      source,
      created_at: input.created_at ? new Date(input.created_at).toISOString() : now.toISOString(),
      recorded_at: now.toISOString(),
    };
    const claimed = await trx
      .insertInto('orders')
      .values(order)
      .onConflict((oc) => oc.columns(['merchant_id', 'external_id']).doNothing())
      .executeTakeFirst();
    if (Number(claimed.numInsertedOrUpdatedRows ?? 0) === 0) {
      return { order: (await findOrder(trx, merchant.id, input.external_id))!, created: false };
    }

    // One customer's orders are processed one at a time, so "first order" is decided once.
    const friend = await lockCustomer(trx, customer.id);
    await redeemOrderCoupons(trx, merchant.id, input.coupon_codes, now);
    await creditPurchasePoints(trx, program, friend, order, now);
    await trx
      .updateTable('customers')
      .set({
        orders_count: friend.orders_count + 1,
        total_spent: Number(friend.total_spent) + order.amount,
        first_order_at: friend.first_order_at ?? order.created_at,
        last_order_at: order.created_at,
        last_seen_at: maxTime(friend.last_seen_at, order.created_at),
        updated_at: now.toISOString(),
      })
      .where('id', '=', friend.id)
      .execute();

    if (program.referral.enabled) {
      const orderTime = new Date(order.created_at);
      const gathered = await gatherEvidence(trx, {
        merchantId: merchant.id,
        friend,
        couponCodes: input.coupon_codes,
        claimedCouponReferrers: await takeClaimedCouponEvidence(
          trx,
          merchant.id,
          input.coupon_codes,
          order.id,
        ),
        referralCode: input.referral_code,
        visitorId: input.visitor_id,
        orderTime,
        windowDays: program.referral.attribution_window_days,
      });
      const evidence = await relevantEvidence(trx, friend, gathered.evidence);
      const chosen = pickEvidence(evidence);
      if (chosen) {
        const visitor = input.visitor_id
          ? await trx
              .selectFrom('visitors')
              .select(['ip_hash', 'ua_hash'])
              .where('merchant_id', '=', merchant.id)
              .where('id', '=', input.visitor_id)
              .executeTakeFirst()
          : undefined;
        const friendIpHash = ipHash ?? visitor?.ip_hash ?? gathered.click?.ip_hash ?? null;
        if (!order.ip_hash && friendIpHash) {
          order.ip_hash = friendIpHash;
          await trx.updateTable('orders').set({ ip_hash: friendIpHash }).where('id', '=', order.id).execute();
        }
        const decision = decideAttribution({
          evidence,
          friend: {
            customerId: friend.id,
            emailNormalized:
              friend.email_normalized ?? (input.customer.email ? normalizeEmail(input.customer.email) : null),
            previousOrders: friend.orders_count,
            referredBy: friend.referred_by,
          },
          orderAmount: order.amount,
          fraud: await gatherFraudFacts(trx, {
            merchantId: merchant.id,
            referrerId: chosen.referrerId,
            friendDevices: [
              { ip_hash: ipHash, ua_hash: uaHash },
              ...(visitor ? [visitor] : []),
              ...(gathered.click ? [gathered.click] : []),
            ],
            friendIpHash,
            disposableEmail: disposable,
            orderTime,
          }),
          rules: {
            minOrderAmount: program.referral.min_order_amount,
            maxReferredOrdersPerIpPerDay: program.fraud.max_referred_orders_per_ip_per_day,
            flagDisposableEmails: program.fraud.flag_disposable_emails,
            flagSameDevice: program.fraud.flag_same_device_as_referrer,
          },
        });
        const attribution = await applyAttribution(
          trx,
          {
            merchantId: merchant.id,
            program,
            order,
            friend,
            visitorId: input.visitor_id ?? null,
            now,
            experiment,
          },
          decision,
        );
        if (attribution) {
          order.attribution = JSON.stringify(attribution);
          await trx
            .updateTable('orders')
            .set({ attribution: order.attribution })
            .where('id', '=', order.id)
            .execute();
        }
      }
    }
    await refreshTier(trx, program, friend.id, now);
    return { order, created: true };
  });
  return { order: await presentOrder(deps.db, result.order), created: result.created };
}

export async function lockCustomer(trx: Executor, customerId: string): Promise<Customer> {
  return lockRows(
    trx,
    trx.selectFrom('customers').selectAll().where('id', '=', customerId),
  ).executeTakeFirstOrThrow();
}

async function creditPurchasePoints(
  trx: Executor,
  program: ProgramConfig,
  customer: Customer,
  order: Order,
  now: Date,
) {
  if (inHoldout(program.holdout, customer)) return; // held out of the program: earns nothing
  const tier = program.loyalty.tiers.find((t) => t.name === customer.tier) ?? null;
  const earned = purchasePoints(order.amount, order.currency, program.loyalty, tier);
  // A running campaign's boost applies as the order is placed (docs/lifecycle.md).
  const points = Math.floor(earned * pointsBoost(program.campaigns, now));
  if (points <= 0) return;
  await movePoints(
    trx,
    {
      merchantId: order.merchant_id,
      customerId: customer.id,
      delta: points,
      reason: 'purchase',
      causeKey: `purchase:${order.id}`,
      orderId: order.id,
    },
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
  const refused = await trx
    .selectFrom('referrals')
    .select('referrer_id')
    .where('friend_id', '=', friend.id)
    .where('status', '=', 'rejected')
    .execute();
  const already = new Set(refused.map((r) => r.referrer_id));
  return fresh.filter((e) => !already.has(e.referrerId));
}

function maxTime(a: string | null, b: string): string {
  return a && a > b ? a : b;
}
