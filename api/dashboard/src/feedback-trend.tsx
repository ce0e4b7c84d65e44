// NPS month by month: bars above the line for a positive score, below for a negative one, with the
// same numbers in a table for screen readers and for reading exact values.
import type * as v from 'valibot';
import type { FeedbackInsightsSchema } from '../../src/schemas/feedback.ts';
import { formatCount, formatDecimal } from './format.ts';

export type Insights = v.InferOutput<typeof FeedbackInsightsSchema>;

const WIDTH = 24;
const GAP = 8;
const HALF = 50;

export function FeedbackTrend({ insights }: { insights: Insights | undefined }) {
  const trend = insights?.trend ?? [];
  return (
    <section aria-labelledby="feedback-trend-title">
      <h3 id="feedback-trend-title">NPS trend, last 12 months</h3>
      {trend.length === 0 ? (
        <p class="empty">No answers yet.</p>
      ) : (
        <>
          <svg
            class="nps-chart"
            viewBox={`0 0 ${trend.length * (WIDTH + GAP)} ${HALF * 2}`}
            aria-hidden="true"
            focusable="false"
          >
            <line x1="0" x2={trend.length * (WIDTH + GAP)} y1={HALF} y2={HALF} class="nps-axis" />
            {trend.map((point, i) => {
              const height = (Math.abs(point.nps ?? 0) / 100) * HALF;
              return (
                <rect
                  key={point.period}
                  x={i * (WIDTH + GAP)}
                  y={(point.nps ?? 0) >= 0 ? HALF - height : HALF}
                  width={WIDTH}
                  height={Math.max(height, 1)}
                  class={(point.nps ?? 0) >= 0 ? 'nps-up' : 'nps-down'}
                />
              );
            })}
          </svg>
          <table class="nps-table">
            <caption class="visually-hidden">NPS per month</caption>
            <thead>
              <tr>
                <th scope="col">Month</th>
                <th scope="col" class="num">
                  NPS
                </th>
                <th scope="col" class="num">
                  Responses
                </th>
              </tr>
            </thead>
            <tbody>
              {trend.map((point) => (
                <tr key={point.period}>
                  <th scope="row">{point.period}</th>
                  <td class="num">{point.nps === null ? '—' : formatDecimal(point.nps)}</td>
                  <td class="num">{formatCount(point.responses)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
