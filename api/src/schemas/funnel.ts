// The loop's funnel for a period: click → offer claim → first order → second order → becomes a referrer.
import * as v from 'valibot';
import { IsoTime } from './common.ts';

export const FUNNEL_STAGES = ['clicked', 'claimed', 'first_order', 'second_order', 'referrer'] as const;
export type FunnelStage = (typeof FUNNEL_STAGES)[number];

export const StatsFunnelQuery = v.object({
  from: v.optional(IsoTime),
  to: v.optional(IsoTime),
});

export const StatsFunnelSchema = v.object({
  object: v.literal('stats_funnel'),
  from: IsoTime,
  to: IsoTime,
  /** In loop order; see docs/analytics.md for who each stage counts. */
  stages: v.array(
    v.object({
      stage: v.picklist(FUNNEL_STAGES),
      count: v.number(),
      /** `count` over the previous stage's count (4 decimals); null for the first stage or a previous 0. */
      share_of_previous: v.nullable(v.number()),
    }),
  ),
});
export type StatsFunnelObject = v.InferOutput<typeof StatsFunnelSchema>;
