// The background jobs one process runs: `npm start` on intervals, `npm run jobs -- once` a pass each.
import type { Deps } from '../deps.ts';
import { releaseHeldRewards } from './release-held-rewards.ts';
import type { ScheduledJob } from './scheduler.ts';
import { runWebhookDeliveries } from './webhook-delivery.ts';

export function backgroundJobs(deps: Deps): ScheduledJob[] {
  return [
    { name: 'release-held-rewards', everyMs: 10_000, run: () => releaseHeldRewards(deps) },
    { name: 'webhook-delivery', everyMs: 1_000, run: () => runWebhookDeliveries(deps) },
  ];
}
