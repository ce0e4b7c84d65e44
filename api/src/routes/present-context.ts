import type { Deps } from '../deps.ts';
import type { PresentContext } from '../present/customer.ts';
import { topDecileSpend } from '../store/customers.ts';
import type { AuthedMerchant } from '../store/merchants.ts';
import { loadProgram } from '../store/programs.ts';

/** What presenting a customer needs beyond the row: the program, the merchant's links, the clock. */
export async function presentContext(deps: Deps, merchant: AuthedMerchant): Promise<PresentContext> {
  const [program, topDecile] = await Promise.all([
    loadProgram(deps, merchant.id),
    // A full pass over the merchant's buyers: a minute-old figure is exact enough for a segment.
    deps.cache.remember(`top-decile:${merchant.id}`, 60_000, () => topDecileSpend(deps.db, merchant.id)),
  ]);
  return {
    program,
    allowedOrigins: merchant.allowed_origins,
    publicUrl: deps.config.publicUrl,
    now: deps.clock.now(),
    topDecile,
  };
}
