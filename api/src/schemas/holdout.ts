// The program-level holdout: a share of new customers who see no offers and earn nothing, so the
// program's own effect on them can be measured (docs/experiments.md).
import * as v from 'valibot';
import { IsoTime } from './common.ts';

export const HoldoutSchema = v.pipe(
  v.strictObject({
    /** 0–0.5 of customers created since `since`; 0 turns the holdout off. */
    share: v.optional(v.pipe(v.number(), v.minValue(0), v.maxValue(0.5)), 0),
    /** Only customers created from this moment on are held out: existing members keep their program. */
    since: v.optional(v.nullable(IsoTime), null),
  }),
  v.check((h) => h.share === 0 || h.since !== null, 'a holdout share needs `since`: the moment it starts'),
);

const GroupSchema = v.object({
  /** New customers (created since `since`) with at least one order. */
  buyers: v.number(),
  repeat_buyers: v.number(),
  /** Share of buyers who ordered again, with its 95 % (Wilson) interval. */
  repeat_rate: v.nullable(v.object({ rate: v.number(), low: v.number(), high: v.number() })),
  /** Mean revenue per buyer in `currency` minor units, refunds deducted. */
  ltv: v.nullable(v.number()),
});

export const HoldoutResultsSchema = v.object({
  object: v.literal('holdout_results'),
  share: v.number(),
  since: v.nullable(IsoTime),
  currency: v.nullable(v.string()),
  program: GroupSchema,
  holdout: GroupSchema,
  /** Program minus holdout, as a share, with the fixed-horizon 95 % interval. */
  incremental_repeat_rate: v.nullable(
    v.object({ difference: v.number(), low: v.number(), high: v.number(), p_value: v.number() }),
  ),
  /** Program minus holdout mean revenue per buyer, with a 95 % (Welch, normal) interval. */
  incremental_ltv: v.nullable(v.object({ difference: v.number(), low: v.number(), high: v.number() })),
  enough_data: v.boolean(),
  reason: v.nullable(v.string()),
});
export type HoldoutResults = v.InferOutput<typeof HoldoutResultsSchema>;
