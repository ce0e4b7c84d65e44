// The loop's funnel for the Trends period: from the click on a referral link to the customer who brings
// the next friend. A table (each stage's people and its share of the stage before), bars drawn by
// <meter> (no inline style, which the CSP forbids), and CSV export.
import type { StatsFunnelObject } from '../../src/schemas/funnel.ts';
import { download } from './download.ts';
import { csvCell } from './feedback-csv.ts';
import { formatCount, formatPercent } from './format.ts';
import { useApiGet } from './use-api-get.ts';

const STAGE_LABELS: Record<StatsFunnelObject['stages'][number]['stage'], string> = {
  clicked: 'Clicked a referral link',
  claimed: 'Claimed the friend offer',
  first_order: 'Placed a first order (referred)',
  second_order: 'Ordered again',
  referrer: 'Brought a friend who bought',
};

export function funnelCsv(data: StatsFunnelObject): string {
  const rows = data.stages.map((s) => [s.stage, s.count, s.share_of_previous].map(csvCell).join(','));
  return `${['stage,count,share_of_previous', ...rows].join('\r\n')}\r\n`;
}

export function FunnelView({ from, to }: { from: string; to: string }) {
  const funnel = useApiGet<StatsFunnelObject>(
    `/v1/stats/funnel?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`,
  );
  const data = funnel.data;
  const widest = Math.max(1, ...(data?.stages ?? []).map((s) => s.count));
  return (
    <section class="funnel" aria-labelledby="funnel-title" aria-busy={funnel.loading}>
      <div class="panel-head">
        <div>
          <h3 id="funnel-title">Funnel</h3>
          <p class="muted small">
            Visitors, claims and referred first orders of the period; those customers’ second orders and
            referrals followed up to today.
          </p>
        </div>
        <button
          type="button"
          class="button"
          disabled={!data}
          onClick={() => data && download('funnel.csv', funnelCsv(data))}
        >
          Export funnel CSV
        </button>
      </div>
      {funnel.error ? (
        <p class="banner error" role="alert">
          {funnel.error}
        </p>
      ) : null}
      <table class="funnel-table" aria-labelledby="funnel-title">
        <thead>
          <tr>
            <th scope="col">Stage</th>
            <th scope="col" class="num">
              People
            </th>
            <th scope="col" class="num">
              Of the stage before
            </th>
            <th scope="col">
              <span class="visually-hidden">Bar</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {(data?.stages ?? []).map((s) => (
            <tr key={s.stage}>
              <th scope="row">{STAGE_LABELS[s.stage]}</th>
              <td class="num">{formatCount(s.count)}</td>
              <td class="num">
                {s.share_of_previous === null && s.stage === 'clicked'
                  ? ''
                  : formatPercent(s.share_of_previous)}
              </td>
              <td class="funnel-bar">
                <meter min={0} max={widest} value={s.count} aria-hidden="true" />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {data && data.stages[0]!.count === 0 && data.stages[2]!.count === 0 ? (
        <p class="muted small">No referral traffic in this period yet.</p>
      ) : null}
    </section>
  );
}
