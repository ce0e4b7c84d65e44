// Pushes generated coupon codes to the merchant's Shopify store (`discountCodeBasicCreate`), after the
// transaction that issued them has committed: a slow or failing shop must never hold a database
// transaction (SQLite has one writer). Codes the merchant uploaded already exist in the shop and are
// never pushed. At-least-once: a code whose answer was lost is sent again, and Shopify's "code must be
// unique" then means the earlier attempt landed.
import { readJson } from '../db/schema.ts';
import type { Deps } from '../deps.ts';
import {
  createShopifyDiscount,
  ShopifyDiscountError,
  shopifyGraphqlUrl,
} from '../integrations/shopify-discounts.ts';
import type { RewardValue } from '../schemas/reward.ts';
import { claimCodeSync, codesDueForSync, type PendingCode, recordCodeSync } from '../store/coupon-sync.ts';
import { loadProgram } from '../store/programs.ts';
import { runtimeFetch } from './runtime-fetch.ts';
import { checkDestination, type HostResolver } from './webhook-destination.ts';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** Delay before attempt n+1, indexed by n (attempt 1 is immediate): seven attempts over about 31 hours. */
export const SYNC_RETRY_DELAYS_MS = [
  0,
  30 * SECOND,
  2 * MINUTE,
  10 * MINUTE,
  HOUR,
  6 * HOUR,
  24 * HOUR,
] as const;
export const MAX_SYNC_ATTEMPTS = SYNC_RETRY_DELAYS_MS.length;

/** An attempt in progress holds its code this long; longer than createShopifyDiscount's 15 s timeout. */
const LEASE_MS = 2 * MINUTE;
/** A throttled shop is asked again after this long, without counting the attempt. */
const THROTTLE_PAUSE_MS = 10 * SECOND;
const DEFAULT_LIMIT = 50;
/** Shops are called in parallel; one shop's codes go one after another (Shopify rate-limits per shop). */
const CONCURRENCY = 4;

export interface CouponSyncOptions {
  fetch?: typeof fetch;
  /** The time of this pass (tests move it); defaults to the app clock. */
  now?: Date;
  /** How many codes to consider in this pass. */
  limit?: number;
  resolveHost?: HostResolver;
}

export interface CouponSyncResult {
  attempted: number;
  synced: number;
  failed: number;
}

type Outcome =
  | { kind: 'synced'; ref: string | null }
  | { kind: 'failed'; error: string; final: boolean }
  | { kind: 'throttled'; error: string };

/** When to try again after `attemptsMade` failed attempts, or null when the code is given up. */
export function nextSyncAt(attemptsMade: number, failedAt: Date): Date | null {
  const delay = SYNC_RETRY_DELAYS_MS[attemptsMade];
  return delay === undefined ? null : new Date(failedAt.getTime() + delay);
}

/** One pass: find due unsynced codes of merchants with a Shopify admin token, create them in the shop. */
export async function syncShopifyCoupons(
  deps: Pick<Deps, 'db' | 'clock' | 'config' | 'cache' | 'resolveHost' | 'webhookFetch'>,
  options: CouponSyncOptions = {},
): Promise<CouponSyncResult> {
  const now = options.now ?? deps.clock.now();
  const due = await codesDueForSync(deps.db, now, {
    maxAttempts: MAX_SYNC_ATTEMPTS,
    limit: options.limit ?? DEFAULT_LIMIT,
  });

  const byShop = new Map<string, PendingCode[]>();
  for (const row of due) {
    const codes = byShop.get(row.merchant_id) ?? [];
    codes.push({ ...row, sync_attempts: Number(row.sync_attempts) });
    byShop.set(row.merchant_id, codes);
  }

  const result: CouponSyncResult = { attempted: 0, synced: 0, failed: 0 };
  const send = {
    // The admin token goes only through the address-checked, connection-pinned fetch (Node), as webhooks
    // do: plain fetch would resolve the name again after the check, where DNS can point it anywhere.
    fetch: options.fetch ?? deps.webhookFetch ?? runtimeFetch,
    allowPrivate: deps.config.allowPrivateWebhooks,
    resolveHost: options.resolveHost ?? deps.resolveHost,
  };

  const syncShop = async (codes: PendingCode[]) => {
    for (const row of codes) {
      // Leased from the time of the call, not of the pass: a long pass must not start with a lapsed lease.
      if (!(await claim(deps, row, options.now ?? deps.clock.now()))) continue;
      const outcome = await pushCode(deps, row, send);
      const at = options.now ?? deps.clock.now();
      await record(deps, row, outcome, at);
      if (outcome.kind === 'throttled') return;
      result.attempted += 1;
      if (outcome.kind === 'synced') {
        result.synced += 1;
      } else {
        result.failed += 1;
        // The shop is failing: its other codes wait for the next pass rather than spend their attempts.
        if (!outcome.final) return;
      }
    }
  };

  const queue = [...byShop.values()];
  const workers = Array.from({ length: Math.min(CONCURRENCY, queue.length) }, async () => {
    for (let codes = queue.shift(); codes; codes = queue.shift()) await syncShop(codes);
  });
  await Promise.all(workers);
  return result;
}

/**
 * Takes the code for one attempt: counts the attempt and leases the code, unless another worker got
 * there first (the guard on the attempt count and due time makes the update a compare-and-set).
 */
async function claim(deps: Pick<Deps, 'db'>, row: PendingCode, now: Date): Promise<boolean> {
  return claimCodeSync(deps.db, row, new Date(now.getTime() + LEASE_MS), now);
}

async function record(deps: Pick<Deps, 'db'>, row: PendingCode, outcome: Outcome, at: Date): Promise<void> {
  const attempts = row.sync_attempts + 1;
  if (outcome.kind === 'synced') {
    await recordCodeSync(deps.db, row.id, attempts, {
      synced_at: at.toISOString(),
      sync_next_at: null,
      sync_error: null,
      external_ref: outcome.ref,
    });
  } else if (outcome.kind === 'throttled') {
    // Being told to slow down is not the code's failure: the attempt is handed back.
    await recordCodeSync(deps.db, row.id, attempts, {
      sync_attempts: row.sync_attempts,
      sync_next_at: new Date(at.getTime() + THROTTLE_PAUSE_MS).toISOString(),
      sync_error: outcome.error,
    });
  } else {
    const next = outcome.final ? null : nextSyncAt(attempts, at);
    await recordCodeSync(deps.db, row.id, attempts, {
      // A code that can never be created is given up at once.
      sync_attempts: next ? attempts : Math.max(attempts, MAX_SYNC_ATTEMPTS),
      sync_next_at: next?.toISOString() ?? null,
      sync_error: outcome.error,
    });
  }
}

async function pushCode(
  deps: Pick<Deps, 'db' | 'cache'>,
  row: PendingCode,
  send: { fetch: typeof fetch; allowPrivate: boolean; resolveHost: HostResolver | undefined },
): Promise<Outcome> {
  const reward = await rewardOf(deps, row);
  if (!reward) return { kind: 'failed', error: 'no reward value is known for this code', final: true };
  if (reward.type !== 'amount_off' && reward.type !== 'percent_off' && reward.type !== 'free_shipping') {
    return { kind: 'failed', error: `a ${reward.type} reward is not a discount code`, final: true };
  }
  const shopDomain = row.shop_domain ?? '';
  // The shop domain is the merchant's input: the same guard as webhook URLs keeps the admin token
  // from being sent to a private or metadata address.
  const destination = await checkDestination(shopifyGraphqlUrl(shopDomain), {
    allowPrivate: send.allowPrivate,
    resolveHost: send.resolveHost,
    onResolveError: 'refuse',
  });
  if (!destination.ok) {
    return { kind: 'failed', error: `not sent: the shop domain ${destination.message}`, final: false };
  }
  try {
    const created = await createShopifyDiscount(send.fetch, {
      shopDomain,
      adminToken: row.admin_token ?? '',
      code: row.code,
      reward,
      startsAt: new Date(row.created_at),
    });
    return { kind: 'synced', ref: created.id };
  } catch (error) {
    const message = describe(error);
    if (error instanceof ShopifyDiscountError) {
      if (/must be unique|already been taken/i.test(message)) return { kind: 'synced', ref: null };
      if (error.status === 429 || /throttled/i.test(message)) return { kind: 'throttled', error: message };
    }
    return { kind: 'failed', error: message, final: false };
  }
}

/**
 * The value the code was issued for: its reward's, or, for a new-customer-offer code (which has no
 * reward row), the program's offer.
 */
async function rewardOf(deps: Pick<Deps, 'db' | 'cache'>, row: PendingCode): Promise<RewardValue | null> {
  if (row.reward_value) return readJson<RewardValue | null>(row.reward_value, null);
  if (row.reward_id === null && row.pool === 'new_customer_offer') {
    return (await loadProgram(deps, row.merchant_id)).new_customer_offer.reward;
  }
  return null;
}

function describe(error: unknown): string {
  if (error instanceof ShopifyDiscountError) return error.message;
  const name = error instanceof Error ? error.name : '';
  if (name === 'TimeoutError' || name === 'AbortError') return 'the shop did not answer in time';
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  if (cause && typeof cause === 'object' && 'code' in cause) return `network error: ${String(cause.code)}`;
  return `network error: ${cause instanceof Error ? cause.message : String(cause)}`;
}
