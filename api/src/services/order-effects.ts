// What recording an order changes, gathered as it is decided and written at the end in a few
// statements: every ledger entry in one insert, every reward in one, every event in one, and the
// buyer's row once with all it moved (counters, points, who referred them). Before, each of these
// was written where it was decided — an order sent 45 statements and wrote the buyer's row 4 times.
import type { Customer, CustomerUpdate, Executor, Reward } from '../db/schema.ts';
import { writeTogether } from '../db/together.ts';
import { EventBatch } from '../store/events.ts';
import { appendHeldEntries, HeldPoints, heldBalanceWrite, heldEntriesWrite } from '../store/ledger.ts';
import { updateBuyer } from '../store/order-parties.ts';
import { rewardsWrite } from '../store/rewards.ts';

export class OrderEffects {
  readonly events = new EventBatch();
  /** The buyer's points: the transaction holds their row (created in it, or locked). */
  readonly buyer: HeldPoints;
  /** Changes to the buyer's row besides the points balance. */
  readonly buyerChanges: CustomerUpdate = {};
  /** The referrer's points, once their conversion is counted (which locks their row). */
  referrer: HeldPoints | null = null;
  /** Rewards granted, written in one insert. */
  readonly rewards: Reward[] = [];
  private rewardsWritten = 0;
  private buyerBalanceStored: number;

  constructor(buyer: Customer) {
    this.buyerBalanceStored = Number(buyer.points_balance);
    this.buyer = new HeldPoints(buyer.merchant_id, buyer.id, this.buyerBalanceStored);
  }

  /**
   * Writes the buyer's row with what the order changed in it so far, and the buyer's ledger entries
   * (nothing when nothing changed) — before the referrer is locked, so that lock is held for less.
   */
  async writeBuyer(trx: Executor): Promise<void> {
    await appendHeldEntries(trx, [this.buyer]);
    const changes: CustomerUpdate = { ...this.buyerChanges };
    if (this.buyer.balance !== this.buyerBalanceStored) changes.points_balance = this.buyer.balance;
    if (Object.keys(changes).length === 0) return;
    await updateBuyer(trx, this.buyer.customerId, changes);
    for (const key of Object.keys(this.buyerChanges)) delete this.buyerChanges[key as keyof CustomerUpdate];
    this.buyerBalanceStored = this.buyer.balance;
  }

  /**
   * Writes what was gathered since the last call. After the buyer's row, the rest — the referrer's
   * entries, the rewards, the referrer's balance, the events — is one round trip on PostgreSQL
   * (db/together.ts): it is written while the referrer's row is locked, and every other order of
   * that referrer waits for it.
   */
  async write(trx: Executor): Promise<void> {
    await this.writeBuyer(trx);
    const writes = [
      this.referrer ? heldEntriesWrite(trx, [this.referrer]) : null,
      rewardsWrite(trx, this.rewards.slice(this.rewardsWritten)),
      // The buyer's row was written above, on its own: no row is changed twice in one statement.
      this.referrer?.moved ? heldBalanceWrite(trx, this.referrer) : null,
      this.events.take(trx),
    ];
    this.rewardsWritten = this.rewards.length;
    await writeTogether(
      trx,
      writes.filter((write) => write !== null),
    );
  }
}
