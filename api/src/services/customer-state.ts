// What the widget shows an identified shopper: link, balance, tier progress, rewards, history.
import type { Customer, Executor } from '../db/schema.ts';
import { referralUrl } from '../domain/links.ts';
import { nextTier } from '../domain/loyalty.ts';
import { presentLedgerEntry } from '../present/customer.ts';
import type { CustomerState } from '../schemas/client.ts';
import type { ProgramConfig } from '../schemas/program.ts';
import { recentPointsEntries, recentRewards } from '../store/customer-recent.ts';
import { loadCustomerStats } from '../store/customers.ts';
import type { AuthedMerchant } from '../store/merchants.ts';
import { presentReward } from '../store/rewards.ts';
import { lifetimePoints } from './tiers.ts';

const RECENT = 20;

export async function customerState(
  db: Executor,
  merchant: AuthedMerchant,
  program: ProgramConfig,
  customer: Customer,
  publicUrl: string,
): Promise<CustomerState> {
  const [stats, rewards, ledger, lifetime] = await Promise.all([
    loadCustomerStats(db, [customer.id]),
    recentRewards(db, customer.id, RECENT),
    recentPointsEntries(db, customer.id, RECENT),
    lifetimePoints(db, customer.id),
  ]);
  const next = nextTier(lifetime, program.loyalty.tiers);
  return {
    id: customer.id,
    external_id: customer.external_id,
    name: customer.name,
    email: customer.email,
    referral_code: customer.referral_code,
    referral_url: referralUrl(customer.referral_code, {
      landing_url: program.landing_url,
      allowed_origins: merchant.allowed_origins,
      fallback: publicUrl,
    }),
    points_balance: Number(customer.points_balance),
    tier: customer.tier,
    next_tier: next ? { name: next.name, threshold_points: next.threshold_points } : null,
    stats: stats.get(customer.id)!,
    rewards: rewards.map(presentReward),
    ledger: ledger.map(presentLedgerEntry),
  };
}
