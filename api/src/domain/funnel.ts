// The funnel's stages in loop order, each with its conversion from the stage before.
import type { FunnelStage, StatsFunnelObject } from '../schemas/funnel.ts';
import { FUNNEL_STAGES } from '../schemas/funnel.ts';
import { ratio } from './stats.ts';

export function funnelStages(counts: Record<FunnelStage, number>): StatsFunnelObject['stages'] {
  return FUNNEL_STAGES.map((stage, i) => ({
    stage,
    count: counts[stage],
    share_of_previous: i === 0 ? null : ratio(counts[stage], counts[FUNNEL_STAGES[i - 1]!]),
  }));
}
