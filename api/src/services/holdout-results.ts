// GET /v1/holdout: what the program adds for new customers — repeat purchase and revenue per buyer,
// program members against the held-out share.
import type { Deps } from '../deps.ts';
import { MIN_EXPOSURES_PER_VARIANT } from '../domain/experiment-report.ts';
import { twoProportionTest, wilsonInterval } from '../domain/experiment-stats.ts';
import { inHoldout, meanDifference } from '../domain/holdout.ts';
import type { HoldoutResults } from '../schemas/holdout.ts';
import { type NewBuyer as Buyer, newBuyers } from '../store/holdout.ts';
import { loadProgram } from '../store/programs.ts';

const round = (x: number, digits = 6) => Math.round(x * 10 ** digits) / 10 ** digits;

export async function holdoutResults(deps: Deps, merchantId: string): Promise<HoldoutResults> {
  const { share, since } = (await loadProgram(deps, merchantId)).holdout;
  const { currency, buyers } = since
    ? await newBuyers(deps.db, merchantId, since)
    : { currency: null, buyers: [] };
  const groups = { program: [] as typeof buyers, holdout: [] as typeof buyers };
  for (const buyer of buyers) groups[inHoldout({ share, since }, buyer) ? 'holdout' : 'program'].push(buyer);

  const summary = (g: Buyer[]) => {
    const repeat = g.filter((b) => b.orders >= 2).length;
    const interval = wilsonInterval(repeat, g.length);
    const sum = g.reduce((s, b) => s + b.revenue, 0);
    return {
      group: {
        buyers: g.length,
        repeat_buyers: repeat,
        repeat_rate: interval
          ? { rate: round(repeat / g.length), low: round(interval.low), high: round(interval.high) }
          : null,
        ltv: g.length > 0 ? Math.round(sum / g.length) : null,
      },
      repeat,
      moments: { n: g.length, sum, sumSquares: g.reduce((s, b) => s + b.revenue * b.revenue, 0) },
    };
  };
  const program = summary(groups.program);
  const holdout = summary(groups.holdout);
  const repeatTest = twoProportionTest(
    holdout.repeat,
    holdout.group.buyers,
    program.repeat,
    program.group.buyers,
  );
  const ltv = meanDifference(program.moments, holdout.moments);
  const smallest = Math.min(program.group.buyers, holdout.group.buyers);
  const reason =
    share === 0
      ? 'No holdout: set `holdout.share` and `holdout.since` in the program.'
      : smallest < MIN_EXPOSURES_PER_VARIANT
        ? `Not enough data yet: each group needs at least ${MIN_EXPOSURES_PER_VARIANT} new buyers; the smaller has ${smallest}.`
        : null;
  return {
    object: 'holdout_results',
    share,
    since,
    currency,
    program: program.group,
    holdout: holdout.group,
    incremental_repeat_rate: repeatTest
      ? {
          difference: round(repeatTest.difference),
          low: round(repeatTest.interval.low),
          high: round(repeatTest.interval.high),
          p_value: round(repeatTest.pValue),
        }
      : null,
    incremental_ltv: ltv
      ? { difference: Math.round(ltv.difference), low: Math.round(ltv.low), high: Math.round(ltv.high) }
      : null,
    enough_data: reason === null,
    reason,
  };
}
