// Tiers change with time as well as with orders: points or spend leave a rolling window, and a grace
// period runs out. Once a day is enough; this pass re-decides the tier of every customer who holds
// one (or is in a grace period), each under their lock, like an order would.
import { transact } from '../db/transaction.ts';
import type { Deps } from '../deps.ts';
import { lockCustomer } from '../services/orders.ts';
import { refreshTier } from '../services/tiers.ts';
import { tierHolderPage } from '../store/customer-pages.ts';
import { allMerchantIds } from '../store/merchant-ids.ts';
import { loadProgram } from '../store/programs.ts';

const PAGE = 500;

export async function reviewTiers(deps: Pick<Deps, 'db' | 'clock' | 'cache'>): Promise<{ changed: number }> {
  const now = deps.clock.now();
  const merchants = await allMerchantIds(deps.db);
  let changed = 0;
  for (const id of merchants) {
    const program = await loadProgram(deps, id);
    if (!program.loyalty.enabled) continue;
    let after = '';
    for (;;) {
      const page = await tierHolderPage(deps.db, id, after, PAGE);
      for (const customer of page) {
        const tier = await transact(deps.db, async (trx) => {
          await lockCustomer(trx, customer.id);
          return refreshTier(trx, program, customer.id, now);
        });
        if (tier !== customer.tier) changed++;
      }
      if (page.length < PAGE) break;
      after = page[page.length - 1]!.id;
    }
  }
  return { changed };
}
