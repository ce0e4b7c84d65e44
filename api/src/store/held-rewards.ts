// The hold-release job's reads: which pending rewards have served their hold, and one of them as it
// stands now (another worker may have issued or voided it since).
import type { Executor, Reward } from '../db/schema.ts';

/** Pending rewards past their hold that need no review, the longest-waiting first. */
export async function dueHeldRewardIds(db: Executor, now: Date, limit: number): Promise<string[]> {
  const rows = await db
    .selectFrom('rewards')
    .select('id')
    .where('status', '=', 'pending')
    .where('needs_approval', '=', 0)
    .where('available_at', '<=', now.toISOString())
    .orderBy('available_at')
    .limit(limit)
    .execute();
  return rows.map((row) => row.id);
}

export function findPendingReward(db: Executor, id: string): Promise<Reward | undefined> {
  return db
    .selectFrom('rewards')
    .selectAll()
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .executeTakeFirst();
}
