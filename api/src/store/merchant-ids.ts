// The merchants a background pass walks, in id order so a pass is repeatable.
import type { Executor, JsonText } from '../db/schema.ts';

export async function allMerchantIds(db: Executor): Promise<string[]> {
  const rows = await db.selectFrom('merchants').select('id').orderBy('id').execute();
  return rows.map((row) => row.id);
}

/** Each merchant with its allowed origins (stored as JSON), which links sent on its behalf use. */
export function merchantsWithOrigins(db: Executor): Promise<{ id: string; allowed_origins: JsonText }[]> {
  return db.selectFrom('merchants').select(['id', 'allowed_origins']).orderBy('id').execute();
}
