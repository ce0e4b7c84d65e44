// Hold release: pending rewards whose hold has passed (and that need no review) become issued.
// Runs on an interval inside `npm start` and once via `npm run jobs -- once`; the clock is injected.
import { transact } from '../db/transaction.ts';
import type { Deps } from '../deps.ts';
import { dueHeldRewardIds, findPendingReward } from '../store/held-rewards.ts';
import { loadProgram } from '../store/programs.ts';
import { issueReward } from '../store/rewards.ts';

export async function releaseHeldRewards(
  deps: Pick<Deps, 'db' | 'clock' | 'cache'>,
  limit = 200,
): Promise<number> {
  const now = deps.clock.now();
  const due = await dueHeldRewardIds(deps.db, now, limit);
  let released = 0;
  for (const id of due) {
    // One transaction per reward: one bad row cannot hold back the rest, and issueReward's status
    // guard keeps two workers from issuing the same reward twice.
    const issued = await transact(deps.db, async (trx) => {
      const reward = await findPendingReward(trx, id);
      if (!reward) return false;
      const program = await loadProgram(deps, reward.merchant_id, trx);
      const result = await issueReward(trx, reward, program, now);
      return result.status === 'issued';
    });
    if (issued) released++;
  }
  return released;
}
