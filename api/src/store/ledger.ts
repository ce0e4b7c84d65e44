// The append-only ledger: points and credit move only through entries here. A balance is the sum of
// its entries; `balance_after` and the cached `customers.points_balance` are written in the same
// transaction as the entry, and the unique cause key makes every movement happen at most once.
// Because the cache moves only with an entry, in the same transaction and under the customer's row
// lock, the points balance is read from it: summing a popular referrer's whole history on every
// order made each order slower than the last. `tests/api/ledger-properties.test.ts` holds Σ = cache.

import type { CompiledQuery } from 'kysely';
import { dialectOf, lockRows } from '../db/dialect.ts';
import { precompileRows, rowOf } from '../db/precompiled.ts';
import type { Executor, LedgerEntry } from '../db/schema.ts';
import { MAX_LEDGER_AMOUNT, withinLedgerLimit } from '../domain/points-limit.ts';
import { ApiError } from '../http/errors.ts';
import { newId } from '../ids.ts';
import { type EventBatch, recordEvent } from './events.ts';

export async function listLedger(
  db: Executor,
  customerId: string,
  options: { limit: number; startingAfter?: string | undefined; account?: string | undefined },
): Promise<{ rows: LedgerEntry[]; hasMore: boolean }> {
  let query = db.selectFrom('ledger_entries').selectAll().where('customer_id', '=', customerId);
  if (options.account) query = query.where('account', '=', options.account);
  if (options.startingAfter) query = query.where('id', '<', options.startingAfter);
  const rows = await query
    .orderBy('id', 'desc')
    .limit(options.limit + 1)
    .execute();
  return { rows: rows.slice(0, options.limit), hasMore: rows.length > options.limit };
}

export interface LedgerMovement {
  merchantId: string;
  customerId: string;
  account: string;
  delta: number;
  reason: string;
  /** Unique per merchant: the same cause never moves a balance twice. */
  causeKey: string;
  rewardId?: string | null;
  orderId?: string | null;
}

/** The balance of one account: the points cache, or Σ entries for the other accounts. */
export async function balanceOf(db: Executor, customerId: string, account: string): Promise<number> {
  if (account === 'points') {
    const row = await db
      .selectFrom('customers')
      .select('points_balance')
      .where('id', '=', customerId)
      .executeTakeFirstOrThrow();
    return Number(row.points_balance);
  }
  const row = await db
    .selectFrom('ledger_entries')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('delta'), eb.val(0)).as('balance'))
    .where('customer_id', '=', customerId)
    .where('account', '=', account)
    .executeTakeFirstOrThrow();
  return Number(row.balance);
}

/** Locks the customer's row (where rows lock) and reads the account's balance with that lock held. */
async function lockedBalanceOf(db: Executor, customerId: string, account: string): Promise<number> {
  if (!dialectOf(db).rowLocks) return balanceOf(db, customerId, account);
  const locked = await lockRows(
    db,
    db.selectFrom('customers').select('points_balance').where('id', '=', customerId),
  ).executeTakeFirstOrThrow();
  return account === 'points' ? Number(locked.points_balance) : balanceOf(db, customerId, account);
}

async function causeSeen(db: Executor, movement: LedgerMovement): Promise<boolean> {
  const row = await db
    .selectFrom('ledger_entries')
    .select('id')
    .where('merchant_id', '=', movement.merchantId)
    .where('cause_key', '=', movement.causeKey)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Appends one entry unless its cause key was seen before. Returns the entry, or null when the cause
 * was already recorded. Must run inside the transaction of the change that causes it.
 */
export async function appendLedgerEntry(
  db: Executor,
  movement: LedgerMovement,
  now: Date,
): Promise<LedgerEntry | null> {
  // Serialize movements of one customer across connections: the customer row is their lock.
  const balance = await lockedBalanceOf(db, movement.customerId, movement.account);
  if (!withinLedgerLimit(balance, movement.delta)) {
    // A movement already made is not refused again: its retry answers as it did the first time.
    if (await causeSeen(db, movement)) return null;
    // Thrown inside the caller's transaction: the whole change it belonged to is refused.
    throw new ApiError(
      'invalid_request',
      'points_limit_exceeded',
      `A balance is limited to ${MAX_LEDGER_AMOUNT}; this would take it to ${balance + movement.delta}.`,
    );
  }
  const entry: LedgerEntry = {
    id: newId('led', now.getTime()),
    merchant_id: movement.merchantId,
    customer_id: movement.customerId,
    account: movement.account,
    delta: movement.delta,
    balance_after: balance + movement.delta,
    reason: movement.reason,
    cause_key: movement.causeKey,
    reward_id: movement.rewardId ?? null,
    order_id: movement.orderId ?? null,
    created_at: now.toISOString(),
  };
  // The unique cause key decides "seen before" in the same statement that writes the entry.
  const written = await db
    .insertInto('ledger_entries')
    .values(entry)
    .onConflict((oc) => oc.columns(['merchant_id', 'cause_key']).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!written) return null;
  if (movement.account === 'points') {
    await db
      .updateTable('customers')
      .set({ points_balance: entry.balance_after })
      .where('id', '=', movement.customerId)
      .execute();
  }
  return entry;
}

/**
 * Moves points: the ledger entry and its `points.changed` event, together, in the caller's
 * transaction. Returns the entry, or null when the cause was already recorded (nothing moves).
 */
export async function movePoints(
  db: Executor,
  movement: Omit<LedgerMovement, 'account'>,
  now: Date,
): Promise<LedgerEntry | null> {
  const entry = await appendLedgerEntry(db, { ...movement, account: 'points' }, now);
  if (entry) {
    await recordEvent(
      db,
      {
        merchantId: movement.merchantId,
        type: 'points.changed',
        customerId: movement.customerId,
        data: {
          customer: movement.customerId,
          delta: entry.delta,
          balance: entry.balance_after,
          reason: entry.reason,
        },
      },
      now,
    );
  }
  return entry;
}

/**
 * The points of a customer whose row this transaction already holds — created in it, or locked — so
 * its balance is known without reading it again. Movements are computed here and announced to the
 * batch; `write` appends all entries in one insert, and the caller stores `balance` with its own
 * update of the row. Only for causes new in this transaction (their keys hold an id drawn in it):
 * a cause seen before would fail the insert, and with it the transaction, rather than move twice.
 */
export class HeldPoints {
  readonly entries: LedgerEntry[] = [];
  private written = 0;

  constructor(
    readonly merchantId: string,
    readonly customerId: string,
    public balance: number,
  ) {}

  move(
    movement: Omit<LedgerMovement, 'account' | 'merchantId' | 'customerId'>,
    events: EventBatch,
    now: Date,
  ): LedgerEntry {
    if (!withinLedgerLimit(this.balance, movement.delta)) {
      throw new ApiError(
        'invalid_request',
        'points_limit_exceeded',
        `A balance is limited to ${MAX_LEDGER_AMOUNT}; this would take it to ${this.balance + movement.delta}.`,
      );
    }
    const entry: LedgerEntry = {
      id: newId('led', now.getTime()),
      merchant_id: this.merchantId,
      customer_id: this.customerId,
      account: 'points',
      delta: movement.delta,
      balance_after: this.balance + movement.delta,
      reason: movement.reason,
      cause_key: movement.causeKey,
      reward_id: movement.rewardId ?? null,
      order_id: movement.orderId ?? null,
      created_at: now.toISOString(),
    };
    this.balance = entry.balance_after;
    this.entries.push(entry);
    events.add(
      {
        merchantId: this.merchantId,
        type: 'points.changed',
        customerId: this.customerId,
        data: {
          customer: this.customerId,
          delta: entry.delta,
          balance: entry.balance_after,
          reason: entry.reason,
        },
      },
      now,
    );
    return entry;
  }

  get moved(): boolean {
    return this.entries.length > 0;
  }

  /** The entries not yet handed to `appendHeldEntries`. */
  takeUnwritten(): LedgerEntry[] {
    const fresh = this.entries.slice(this.written);
    this.written = this.entries.length;
    return fresh;
  }
}

/** Appends the held movements of one or more customers in one insert. */
export async function appendHeldEntries(db: Executor, accounts: readonly HeldPoints[]): Promise<void> {
  const write = heldEntriesWrite(db, accounts);
  if (write) await db.executeQuery(write);
}

/** The insert of the accounts' unwritten entries, to send with others (db/together.ts); null if none. */
export function heldEntriesWrite(db: Executor, accounts: readonly HeldPoints[]): CompiledQuery | null {
  const entries = accounts.flatMap((a) => a.takeUnwritten());
  return entries.length > 0 ? insertEntryRows.bind(db, entries) : null;
}

const ENTRY_COLUMNS = [
  'id',
  'merchant_id',
  'customer_id',
  'account',
  'delta',
  'balance_after',
  'reason',
  'cause_key',
  'reward_id',
  'order_id',
  'created_at',
] as const;

// Every order appends its held movements in one insert: compiled once per row count (db/precompiled.ts).
const insertEntryRows = precompileRows<LedgerEntry>()((db, rows) =>
  db.insertInto('ledger_entries').values(rows.map((row) => rowOf(row, ENTRY_COLUMNS))),
);

/**
 * The update that stores a held account's balance in the customer row's cache (the buyer's comes with
 * its own update), to send with others (db/together.ts).
 */
export function heldBalanceWrite(db: Executor, account: HeldPoints): CompiledQuery {
  return db
    .updateTable('customers')
    .set({ points_balance: account.balance })
    .where('id', '=', account.customerId)
    .compile();
}
