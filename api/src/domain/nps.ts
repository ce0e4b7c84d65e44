// Net Promoter Score from 0–10 answers. Pure: the store counts, this decides who is who.

/** 9–10 recommend, 7–8 are indifferent, 0–6 would warn others. */
export const scoreGroup = (score: number): 'promoter' | 'passive' | 'detractor' =>
  score >= 9 ? 'promoter' : score >= 7 ? 'passive' : 'detractor';

export interface NpsSummary {
  responses: number;
  promoters: number;
  passives: number;
  detractors: number;
  /** Promoters minus detractors as a share of responses, in points (−100…100, one decimal); null with no answers. */
  nps: number | null;
}

/** NPS of score counts: `[{ score: 10, n: 3 }, { score: 4, n: 1 }]` (rows may repeat a score). */
export function npsOf(counts: readonly { score: number; n: number }[]): NpsSummary {
  const summary: NpsSummary = { responses: 0, promoters: 0, passives: 0, detractors: 0, nps: null };
  for (const { score, n } of counts) {
    summary.responses += n;
    summary[`${scoreGroup(score)}s`] += n;
  }
  if (summary.responses > 0) {
    summary.nps = Math.round(((summary.promoters - summary.detractors) / summary.responses) * 1000) / 10;
  }
  return summary;
}
