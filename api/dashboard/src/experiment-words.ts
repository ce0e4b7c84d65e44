// Experiment statistics in plain words: what a merchant needs to decide, without the jargon.
import type { ExperimentResults } from '../../src/schemas/experiment.ts';

type Comparison = ExperimentResults['comparisons'][number];

const points = (share: number) => `${Math.abs(share * 100).toFixed(1)} points`;
const signed = (share: number) => `${share < 0 ? '−' : ''}${Math.abs(share * 100).toFixed(1)}`;

/** "B converts 2.1 points better than control; 95 % sure the difference is between 0.4 and 3.8." */
export function comparisonSentence(c: Comparison): string {
  const direction = c.difference >= 0 ? 'better' : 'worse';
  return `${c.variant} converts ${points(c.difference)} ${direction} than ${c.against}; 95 % sure the difference is between ${signed(c.fixed_horizon.low)} and ${signed(c.fixed_horizon.high)} points.`;
}

/** Whether it is safe to decide now, from the interval that allows a look every day. */
export function decisionSentence(c: Comparison): string {
  if (!c.sequential.significant) {
    return `Keep it running: checked every day, the difference could still be anywhere from ${signed(c.sequential.low)} to ${signed(c.sequential.high)} points.`;
  }
  return c.difference > 0
    ? `Safe to decide: ${c.variant} wins, however often you have looked (${signed(c.sequential.low)} to ${signed(c.sequential.high)} points).`
    : `Safe to decide: ${c.variant} loses, however often you have looked (${signed(c.sequential.low)} to ${signed(c.sequential.high)} points).`;
}
