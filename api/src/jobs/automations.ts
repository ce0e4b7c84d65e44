// The automations pass: for every merchant with rules in force, walk the customers in keyset pages,
// work out which trigger occurrences are happening now, and fire each rule once per (rule, customer,
// occurrence). What is decided outside the transaction only chooses whom to look at: the decision
// itself is made again under the customer's lock, and the unique firing key settles any race left.
import type { Customer } from '../db/schema.ts';
import { readJson } from '../db/schema.ts';
import { transact } from '../db/transaction.ts';
import type { Deps } from '../deps.ts';
import { type AutomationFacts, effectiveRules, idleExpiryAt, occurrenceOf } from '../domain/automations.ts';
import { nextBatchExpiry, type PointsMovement, remainingBatches } from '../domain/points-batches.ts';
import { lifecycleSegmentOf, shopIntervalDays, usualIntervalDays } from '../domain/rhythm.ts';
import type { AutomationRule } from '../schemas/lifecycle.ts';
import type { ProgramConfig } from '../schemas/program.ts';
import { type FireContext, fireAutomation } from '../services/automation-fire.ts';
import { lockCustomer } from '../services/orders.ts';
import {
  firedKey,
  firedKeys,
  type LifecycleState,
  lastPointsMovements,
  lifecycleStates,
  observeLifecycle,
  orderTimesOf,
  repeatBuyerOrderTimes,
} from '../store/automations.ts';
import { livingCustomerPage } from '../store/customer-pages.ts';
import { topDecileSpend } from '../store/customers.ts';
import { merchantsWithOrigins } from '../store/merchant-ids.ts';
import { pointsMovementsOf } from '../store/points-batches.ts';
import { loadProgram } from '../store/programs.ts';

const PAGE = 200;

type JobDeps = Pick<Deps, 'db' | 'clock' | 'cache' | 'config'>;

interface ShopContext extends FireContext {
  rules: AutomationRule[];
  shopInterval: number | null;
  topDecile: number | null;
}

export async function runAutomations(deps: JobDeps): Promise<{ fired: number }> {
  const now = deps.clock.now();
  const merchants = await merchantsWithOrigins(deps.db);
  let fired = 0;
  for (const merchant of merchants) {
    const program = await loadProgram(deps, merchant.id);
    const rules = effectiveRules(program.automations, program.loyalty.points_expiry_mode);
    if (rules.length === 0) continue;
    const shop: ShopContext = {
      merchantId: merchant.id,
      program,
      allowedOrigins: readJson<string[]>(merchant.allowed_origins, []),
      publicUrl: deps.config.publicUrl,
      rules,
      shopInterval: shopIntervalDays((await repeatBuyerOrderTimes(deps.db, merchant.id)).values()),
      topDecile: await topDecileSpend(deps.db, merchant.id),
    };
    fired += await runForShop(deps, shop, now);
  }
  return { fired };
}

async function runForShop(deps: JobDeps, shop: ShopContext, now: Date): Promise<number> {
  let fired = 0;
  let after = '';
  for (;;) {
    const page = await livingCustomerPage(deps.db, shop.merchantId, after, PAGE);
    const ids = page.map((c) => c.id);
    const [times, states, lastPoints, done] = [
      await orderTimesOf(deps.db, ids),
      await lifecycleStates(deps.db, ids),
      await lastPointsMovements(deps.db, ids),
      await firedKeys(deps.db, ids),
    ];
    const movements =
      shop.program.loyalty.points_expiry_mode === 'batch' ? await pointsMovementsOf(deps.db, ids) : null;
    for (const customer of page) {
      const seen = {
        times: times.get(customer.id) ?? [],
        lastPointsAt: lastPoints.get(customer.id) ?? null,
        movements: movements?.get(customer.id) ?? null,
      };
      const previous = states.get(customer.id);
      const plan = planFor(shop, customer, seen, previous, now);
      const pending = plan.due.some(
        ({ rule, occurrence }) => !done.has(firedKey(customer.id, rule.id, occurrence)),
      );
      if (!plan.stateChanged && !pending) continue;
      fired += await transact(deps.db, async (trx) => {
        const locked = await lockCustomer(trx, customer.id);
        const fresh = planFor(shop, locked, seen, undefined, now);
        const state = await observeLifecycle(
          trx,
          shop.merchantId,
          locked.id,
          { segment: fresh.facts.segment, tier: locked.tier },
          now,
        );
        const facts = {
          ...fresh.facts,
          segmentSince: state.segment_since,
          tierChangedAt: state.tier_changed_at,
        };
        let n = 0;
        for (const { rule, occurrence } of dueRules(shop.rules, facts, now)) {
          if (await fireAutomation(trx, shop, rule, locked, facts.segment, occurrence, now)) n++;
        }
        return n;
      });
    }
    if (page.length < PAGE) return fired;
    after = page[page.length - 1]!.id;
  }
}

/**
 * What this customer looks like now, and which rules are due. With `previous` (the stored state) the
 * segment and tier times are taken from it when unchanged; without it they are placeholders the
 * caller replaces after recording the state.
 */
function planFor(
  shop: ShopContext,
  customer: Customer,
  seen: { times: string[]; lastPointsAt: string | null; movements: PointsMovement[] | null },
  previous: LifecycleState | undefined,
  now: Date,
) {
  const own = usualIntervalDays(seen.times);
  const program: ProgramConfig = shop.program;
  const segment = lifecycleSegmentOf(
    {
      orders_count: customer.orders_count,
      total_spent: Number(customer.total_spent),
      last_order_at: customer.last_order_at,
      created_at: customer.created_at,
    },
    program.segments,
    own,
    now,
    shop.topDecile,
  );
  const stateChanged =
    previous === undefined || previous.segment !== segment || previous.tier !== customer.tier;
  const facts: AutomationFacts = {
    created_at: customer.created_at,
    orders_count: customer.orders_count,
    birthday: customer.birthday,
    points_balance: Number(customer.points_balance),
    orderTimes: seen.times,
    segment,
    segmentSince: previous?.segment_since ?? now.toISOString(),
    tier: customer.tier,
    tierChangedAt: stateChanged ? null : (previous?.tier_changed_at ?? null),
    intervalDays: own ?? shop.shopInterval,
    pointsExpireAt: program.loyalty.enabled ? pointsExpireAt(program, customer, seen, now) : null,
    expiryMode: program.loyalty.points_expiry_mode,
  };
  return { facts, stateChanged, due: dueRules(shop.rules, facts, now) };
}

function pointsExpireAt(
  program: ProgramConfig,
  customer: Customer,
  seen: { lastPointsAt: string | null; movements: PointsMovement[] | null },
  now: Date,
): Date | null {
  const days = program.loyalty.points_expiry_days;
  if (days !== null && program.loyalty.points_expiry_mode === 'batch') {
    return nextBatchExpiry(remainingBatches(seen.movements ?? [], days), now)?.at ?? null;
  }
  return idleExpiryAt(customer.last_seen_at ?? customer.created_at, seen.lastPointsAt, days);
}

function dueRules(rules: readonly AutomationRule[], facts: AutomationFacts, now: Date) {
  const due: { rule: AutomationRule; occurrence: string }[] = [];
  for (const rule of rules) {
    if (rule.segment !== null && rule.segment !== facts.segment) continue;
    const occurrence = occurrenceOf(rule.trigger, facts, now);
    if (occurrence !== null) due.push({ rule, occurrence });
  }
  return due;
}
