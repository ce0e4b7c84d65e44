// The dashboard's plain-words reading of a comparison.
import { describe, expect, it } from 'vitest';
import { comparisonSentence, decisionSentence } from '../../api/dashboard/src/experiment-words.ts';

const comparison = (
  difference: number,
  fixed: [number, number],
  sequential: [number, number],
  sure: boolean,
) => ({
  variant: 'B',
  against: 'control',
  difference,
  fixed_horizon: { low: fixed[0], high: fixed[1], p_value: 0.01, significant: true },
  sequential: { low: sequential[0], high: sequential[1], significant: sure },
  cost_per_incremental_customer: null,
});

describe('experiment results in plain words', () => {
  it('says how much better, how sure, and whether it is safe to decide', () => {
    const c = comparison(0.021, [0.004, 0.038], [-0.003, 0.045], false);
    expect(comparisonSentence(c)).toBe(
      'B converts 2.1 points better than control; 95 % sure the difference is between 0.4 and 3.8 points.',
    );
    expect(decisionSentence(c)).toMatch(/^Keep it running: .* from −0.3 to 4.5 points\.$/);
    expect(decisionSentence(comparison(0.03, [0.01, 0.05], [0.002, 0.058], true))).toMatch(
      /^Safe to decide: B wins/,
    );
    expect(comparisonSentence(comparison(-0.01, [-0.02, 0], [-0.03, 0.01], false))).toContain(
      '1.0 points worse',
    );
  });
});
