// Rewards move through pending → issued → redeemed, or to voided; a voided reward never comes back.
// Issuing credits points or store credit through the ledger and draws coupon codes, in the caller's
// transaction; every change writes its event to the outbox.
import type { CompiledQuery } from 'kysely';
import { precompileRows, rowOf } from '../db/precompiled.ts';
import type { Executor, Reward } from '../db/schema.ts';
import { readJson } from '../db/schema.ts';
import { availableAt, ledgerMovementOf, rewardKind } from '../domain/rewards.ts';
import { newId } from '../ids.ts';
import type { ProgramConfig } from '../schemas/program.ts';
import type { RewardObject, RewardValue } from '../schemas/reward.ts';
import { issueCoupon, revokeCoupon } from './coupons.ts';
import { type EventBatch, recordEvent } from './events.ts';
import { appendLedgerEntry, type HeldPoints, movePoints } from './ledger.ts';

export type RewardSource = RewardObject['source'];

export interface NewReward {
  merchantId: string;
  customerId: string;
  source: RewardSource;
  value: RewardValue;
  /** Unique per merchant: the same cause never creates a second reward. */
  causeKey: string;
  holdDays: number;
  flags?: string[];
  orderId?: string | null;
  referralId?: string | null;
  /** The coupon pool that serves this reward (defaults by source). */
  pool?: string;
  /** An id drawn beforehand, to keep ids in the order the rewards are listed. */
  id?: string;
}

const POOL_BY_SOURCE: Partial<Record<RewardSource, string>> = {
  referral_referrer: 'referrer',
  referral_friend: 'friend',
  milestone: 'referrer',
  share: 'referrer',
  new_customer_offer: 'new_customer_offer',
};

export function presentReward(row: Reward): RewardObject {
  return {
    id: row.id,
    object: 'reward',
    customer: row.customer_id,
    kind: row.kind,
    source: row.source as RewardSource,
    status: row.status,
    reward: readJson<RewardValue>(row.reward, { type: 'points', points: 0 }),
    coupon_code: row.coupon_code,
    order: row.order_id,
    available_at: row.available_at,
    flags: readJson<string[]>(row.flags, []),
    created_at: row.created_at,
  };
}

/**
 * Creates the reward unless its cause already did. Flagged rewards wait for approval; unflagged ones
 * with no hold are issued at once. Returns null when the cause was already rewarded.
 */
export async function createReward(
  db: Executor,
  input: NewReward,
  program: Pick<ProgramConfig, 'coupon_prefix'>,
  now: Date,
): Promise<Reward | null> {
  if (await rewardCauseSeen(db, input.merchantId, input.causeKey)) return null;
  const row = rewardRow(input, now);
  await db.insertInto('rewards').values(row).execute();
  await recordEvent(
    db,
    {
      merchantId: row.merchant_id,
      type: 'reward.created',
      customerId: row.customer_id,
      data: presentReward(row),
    },
    now,
  );
  if (row.needs_approval === 0 && Date.parse(row.available_at) <= now.getTime()) {
    return issueReward(db, row, program, now, input.pool);
  }
  return row;
}

function rewardRow(input: NewReward, now: Date): Reward {
  const flags = input.flags ?? [];
  return {
    id: input.id ?? newId('rwd', now.getTime()),
    merchant_id: input.merchantId,
    customer_id: input.customerId,
    kind: rewardKind(input.value),
    source: input.source,
    status: 'pending',
    reward: JSON.stringify(input.value),
    coupon_code: null,
    order_id: input.orderId ?? null,
    referral_id: input.referralId ?? null,
    cause_key: input.causeKey,
    flags: JSON.stringify(flags),
    needs_approval: flags.length > 0 ? 1 : 0,
    available_at: availableAt(now, input.holdDays).toISOString(),
    created_at: now.toISOString(),
    issued_at: null,
    redeemed_at: null,
    voided_at: null,
    void_reason: null,
  };
}

/**
 * Grants a reward whose cause is new in this transaction (its key holds an order id drawn in it), so
 * no "seen before" read is needed: the reward is issued before its row exists — points moved on the
 * held account, the coupon drawn — and the row is then written once, as it ends up. Returns the row
 * for `rewardsWrite`; its `reward.created` (and `reward.issued`) events go to the batch.
 */
export async function grantReward(
  db: Executor,
  input: NewReward,
  program: Pick<ProgramConfig, 'coupon_prefix'>,
  now: Date,
  /** `points`: the held account of the reward's customer (needed for a points reward only). */
  held: { events: EventBatch; points: HeldPoints | null },
): Promise<Reward> {
  const row = rewardRow(input, now);
  held.events.add(
    {
      merchantId: row.merchant_id,
      type: 'reward.created',
      customerId: row.customer_id,
      data: presentReward(row),
    },
    now,
  );
  if (row.needs_approval !== 0 || Date.parse(row.available_at) > now.getTime()) return row;
  const issued: Reward = { ...row, status: 'issued', issued_at: now.toISOString() };
  const movement = ledgerMovementOf(input.value);
  if (movement?.account === 'points') {
    if (!held.points)
      throw new Error(`points reward ${row.cause_key} granted without its customer's account`);
    held.points.move(
      {
        delta: movement.amount,
        reason: row.source,
        causeKey: `reward:${row.id}`,
        rewardId: row.id,
        orderId: row.order_id,
      },
      held.events,
      now,
    );
  } else if (movement) {
    await appendLedgerEntry(
      db,
      {
        merchantId: row.merchant_id,
        customerId: row.customer_id,
        account: movement.account,
        delta: movement.amount,
        reason: row.source,
        causeKey: `reward:${row.id}`,
        rewardId: row.id,
        orderId: row.order_id,
      },
      now,
    );
  } else {
    issued.coupon_code = await issueCoupon(
      db,
      row.merchant_id,
      input.pool ?? POOL_BY_SOURCE[input.source] ?? input.source,
      program.coupon_prefix,
      row.id,
      now,
    );
  }
  held.events.add(
    {
      merchantId: row.merchant_id,
      type: 'reward.issued',
      customerId: row.customer_id,
      data: presentReward(issued),
    },
    now,
  );
  return issued;
}

/** Granted rewards' one insert, to send with others (db/together.ts); null if there are none. */
export function rewardsWrite(db: Executor, rows: readonly Reward[]): CompiledQuery | null {
  return rows.length > 0 ? insertRewardRows.bind(db, rows) : null;
}

const REWARD_COLUMNS = [
  'id',
  'merchant_id',
  'customer_id',
  'kind',
  'source',
  'status',
  'reward',
  'coupon_code',
  'order_id',
  'referral_id',
  'cause_key',
  'flags',
  'needs_approval',
  'available_at',
  'created_at',
  'issued_at',
  'redeemed_at',
  'voided_at',
  'void_reason',
] as const;

// Every attributed order writes its rewards in one insert: compiled once per row count (db/precompiled.ts).
const insertRewardRows = precompileRows<Reward>()((db, rows) =>
  db.insertInto('rewards').values(rows.map((row) => rowOf(row, REWARD_COLUMNS))),
);

/** Whether a cause has already been rewarded (for causes that can recur, like a milestone). */
export async function rewardCauseSeen(db: Executor, merchantId: string, causeKey: string): Promise<boolean> {
  const seen = await db
    .selectFrom('rewards')
    .select('id')
    .where('merchant_id', '=', merchantId)
    .where('cause_key', '=', causeKey)
    .executeTakeFirst();
  return seen !== undefined;
}

/** pending → issued: credits the ledger or draws the coupon code. Idempotent for an issued reward. */
export async function issueReward(
  db: Executor,
  reward: Reward,
  program: Pick<ProgramConfig, 'coupon_prefix'>,
  now: Date,
  pool?: string,
): Promise<Reward> {
  if (reward.status !== 'pending') return reward;
  const value = readJson<RewardValue>(reward.reward, { type: 'points', points: 0 });
  const changes: Partial<Reward> = { status: 'issued', issued_at: now.toISOString() };
  const movement = ledgerMovementOf(value);
  if (movement) {
    await moveRewardBalance(
      db,
      reward,
      movement.account,
      movement.amount,
      reward.source,
      `reward:${reward.id}`,
      now,
    );
  } else {
    changes.coupon_code = await issueCoupon(
      db,
      reward.merchant_id,
      pool ?? POOL_BY_SOURCE[reward.source as RewardSource] ?? reward.source,
      program.coupon_prefix,
      reward.id,
      now,
    );
  }
  // Guarded by status so two issuers racing on one reward credit it once.
  const updated = await db
    .updateTable('rewards')
    .set(changes)
    .where('id', '=', reward.id)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  const issued = { ...reward, ...changes };
  if (Number(updated.numUpdatedRows) === 1) {
    await recordEvent(
      db,
      {
        merchantId: reward.merchant_id,
        type: 'reward.issued',
        customerId: reward.customer_id,
        data: presentReward(issued),
      },
      now,
    );
  }
  return issued;
}

/**
 * → voided. An issued points or credit reward is taken back with a negative entry; an issued coupon
 * not yet redeemed is revoked. A redeemed reward has been used and cannot be voided.
 */
export async function voidReward(db: Executor, reward: Reward, reason: string, now: Date): Promise<Reward> {
  if (reward.status === 'voided' || reward.status === 'redeemed') return reward;
  if (reward.status === 'issued') {
    const movement = ledgerMovementOf(readJson<RewardValue>(reward.reward, { type: 'points', points: 0 }));
    if (movement) {
      await moveRewardBalance(
        db,
        reward,
        movement.account,
        -movement.amount,
        'reward_voided',
        `void:${reward.id}`,
        now,
      );
    } else if (reward.coupon_code) {
      await revokeCoupon(db, reward.merchant_id, reward.coupon_code, now);
    }
  }
  const changes: Partial<Reward> = { status: 'voided', voided_at: now.toISOString(), void_reason: reason };
  await db.updateTable('rewards').set(changes).where('id', '=', reward.id).execute();
  const voided = { ...reward, ...changes };
  await recordEvent(
    db,
    {
      merchantId: reward.merchant_id,
      type: 'reward.voided',
      customerId: reward.customer_id,
      data: presentReward(voided),
    },
    now,
  );
  return voided;
}

/** Credits (or takes back) a points or credit reward on the ledger, announcing points changes. */
async function moveRewardBalance(
  db: Executor,
  reward: Reward,
  account: string,
  delta: number,
  reason: string,
  causeKey: string,
  now: Date,
) {
  const movement = {
    merchantId: reward.merchant_id,
    customerId: reward.customer_id,
    delta,
    reason,
    causeKey,
    rewardId: reward.id,
    orderId: reward.order_id,
  };
  if (account === 'points') await movePoints(db, movement, now);
  else await appendLedgerEntry(db, { ...movement, account }, now);
}

export async function findReward(db: Executor, merchantId: string, id: string) {
  return db
    .selectFrom('rewards')
    .selectAll()
    .where('merchant_id', '=', merchantId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function rewardsForOrders(db: Executor, orderIds: string[]) {
  if (orderIds.length === 0) return [];
  return db.selectFrom('rewards').selectAll().where('order_id', 'in', orderIds).orderBy('id').execute();
}

export async function listRewards(
  db: Executor,
  merchantId: string,
  options: {
    customerId?: string | undefined;
    status?: Reward['status'] | undefined;
    limit: number;
    startingAfter?: string | undefined;
  },
) {
  let query = db.selectFrom('rewards').selectAll().where('merchant_id', '=', merchantId);
  if (options.customerId) query = query.where('customer_id', '=', options.customerId);
  if (options.status) query = query.where('status', '=', options.status);
  if (options.startingAfter) query = query.where('id', '<', options.startingAfter);
  const rows = await query
    .orderBy('id', 'desc')
    .limit(options.limit + 1)
    .execute();
  return { rows: rows.slice(0, options.limit), hasMore: rows.length > options.limit };
}

/** A merchant approved a held reward: it no longer waits for review (it may still wait for its date). */
export async function markApproved(db: Executor, reward: Reward): Promise<Reward> {
  await db.updateTable('rewards').set({ needs_approval: 0 }).where('id', '=', reward.id).execute();
  return { ...reward, needs_approval: 0 };
}

/** A coupon used at checkout: the code is marked used, and the issued reward it served is redeemed. */
export async function redeemCoupon(
  db: Executor,
  coupon: { id: string; reward_id: string | null },
  at: string,
) {
  await db.updateTable('coupon_codes').set({ redeemed_at: at }).where('id', '=', coupon.id).execute();
  if (coupon.reward_id) {
    await db
      .updateTable('rewards')
      .set({ status: 'redeemed', redeemed_at: at })
      .where('id', '=', coupon.reward_id)
      .where('status', '=', 'issued')
      .execute();
  }
}
