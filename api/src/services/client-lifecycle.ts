// The lifecycle part of the bootstrap answer: campaigns running now (with their end time for the
// banner), the merchant's ways to earn, and for an identified shopper the on-site messages their
// automations left — read without a query for anonymous visitors, so a landing costs nothing more.
import { DAY_MS } from '../clock.ts';
import type { Executor } from '../db/schema.ts';
import { runningCampaigns } from '../domain/campaigns.ts';
import type { ClientLifecycle } from '../schemas/lifecycle.ts';
import type { ProgramConfig } from '../schemas/program.ts';
import { messagesFor } from '../store/automations.ts';
import { loyaltyProgress } from './loyalty-progress.ts';

export async function clientLifecycle(
  db: Executor,
  program: ProgramConfig,
  customerId: string | null,
  now: Date,
): Promise<ClientLifecycle> {
  const since = new Date(now.getTime() - program.automations.message_days * DAY_MS).toISOString();
  return {
    campaigns: runningCampaigns(program.campaigns, now).map((c) => ({
      id: c.id,
      name: c.name,
      ends_at: c.ends_at,
      referral_multiplier: c.referral_multiplier,
      points_multiplier: c.points_multiplier,
    })),
    earn_actions: program.earn_actions.map(({ type, label, points, limit, per_day }) => ({
      type,
      label,
      points,
      limit,
      per_day,
    })),
    any_amount: program.loyalty.enabled ? program.loyalty.any_amount : null,
    messages: customerId ? await messagesFor(db, customerId, since, now) : [],
    ...(customerId
      ? await loyaltyProgress(db, program, customerId, now)
      : { points_expiring: null, tier_progress: null }),
  };
}
