// The background jobs one process runs: `npm start` on intervals, `npm run jobs -- once` a pass each.
import type { Deps } from '../deps.ts';
import { runAutomations } from './automations.ts';
import { runKpiAlerts } from './kpi-alerts.ts';
import { runLoyaltyCalendar } from './loyalty-calendar.ts';
import { releaseHeldRewards } from './release-held-rewards.ts';
import type { ScheduledJob } from './scheduler.ts';
import { syncShopifyCoupons } from './sync-shopify-coupons.ts';
import { reviewTiers } from './tier-review.ts';
import { runWebhookDeliveries } from './webhook-delivery.ts';

export function backgroundJobs(deps: Deps): ScheduledJob[] {
  return [
    { name: 'release-held-rewards', everyMs: 10_000, run: () => releaseHeldRewards(deps) },
    // Birthdays and expiry change by the day; hourly passes are cheap no-ops after the first.
    { name: 'loyalty-calendar', everyMs: 3_600_000, run: () => runLoyaltyCalendar(deps) },
    // Lifecycle moments change by the day; a pass finds only what is not fired yet.
    { name: 'automations', everyMs: 3_600_000, run: () => runAutomations(deps) },
    // Windows and grace periods run out by the day: four passes a day keep tiers within hours.
    { name: 'tier-review', everyMs: 21_600_000, run: () => reviewTiers(deps) },
    { name: 'webhook-delivery', everyMs: 1_000, run: () => runWebhookDeliveries(deps) },
    { name: 'sync-shopify-coupons', everyMs: 5_000, run: () => syncShopifyCoupons(deps) },
    // Alerts judge complete days; hourly passes after the first of a day change nothing.
    { name: 'kpi-alerts', everyMs: 3_600_000, run: () => runKpiAlerts(deps) },
  ];
}
