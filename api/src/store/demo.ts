// The demo merchant `npm start` creates once and finds again on every later start.
import type { Db } from '../db/schema.ts';
import { transact } from '../db/transaction.ts';
import { type CreatedMerchant, createMerchant, findPublishableKey, toAuthedMerchant } from './merchants.ts';
import { readProgram, saveProgram } from './programs.ts';

export const DEMO_MERCHANT_NAME = 'Flywheel Demo Shop';

export async function ensureDemoMerchant(db: Db, origins: string[], now: Date): Promise<CreatedMerchant> {
  const rows = await db
    .selectFrom('merchants')
    .selectAll()
    .where('name', '=', DEMO_MERCHANT_NAME)
    .orderBy('created_at')
    .execute();
  for (const row of rows) {
    const merchant = toAuthedMerchant(row);
    const secretKey = merchant.settings.demo_secret_key;
    const publishableKey = await findPublishableKey(db, merchant.id);
    if (!secretKey || !publishableKey) continue;
    // The port may differ from the last start: keep the demo's own origins allowed.
    const allowed = [...new Set([...merchant.allowed_origins, ...origins])];
    if (allowed.length !== merchant.allowed_origins.length) {
      await db
        .updateTable('merchants')
        .set({ allowed_origins: JSON.stringify(allowed) })
        .where('id', '=', merchant.id)
        .execute();
    }
    return { ...merchant, allowed_origins: allowed, publishable_key: publishableKey, secret_key: secretKey };
  }
  return transact(db, async (trx) => {
    const merchant = await createMerchant(
      trx,
      { name: DEMO_MERCHANT_NAME, allowed_origins: origins, demo: true },
      now,
    );
    // The demo is played in one sitting: rewards are issued at once instead of after a 14-day hold.
    const program = await readProgram(trx, merchant.id);
    await saveProgram(trx, merchant.id, { ...program, referral: { ...program.referral, hold_days: 0 } }, now);
    return merchant;
  });
}
