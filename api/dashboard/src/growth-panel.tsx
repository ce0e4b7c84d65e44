// Growth: whether the loop has reached its critical points, how each month's new customers come back
// (a retention heatmap, exportable as CSV), and the KPI alerts that fired.
import type { CriticalPointsObject, StatsCohortsObject } from '../../src/schemas/analytics.ts';
import { download } from './download.ts';
import { csvCell } from './feedback-csv.ts';
import { formatCount, formatDate, formatMoney, formatPercent, NO_DATA } from './format.ts';
import './growth.css';
import { useApiGet } from './use-api-get.ts';

interface AlertEpisode {
  id: string;
  metric: string;
  op: 'below' | 'above';
  value: number;
  days: number;
  status: 'open' | 'resolved';
  triggered_day: string;
  resolved_day: string | null;
}

/** A share's heat class: six steps, so the colours live in the stylesheet (the CSP forbids inline styles). */
const heat = (share: number | null) => `heat-${share === null ? 'none' : Math.min(5, Math.floor(share * 5))}`;

export function cohortsCsv(data: StatsCohortsObject): string {
  const longest = Math.max(0, ...data.cohorts.map((c) => c.periods.length));
  const header = ['cohort_start', 'customers', ...Array.from({ length: longest }, (_, i) => `period_${i}`)];
  const rows = data.cohorts.map((c) =>
    [c.start, c.customers, ...c.periods.map((p) => p.share ?? '')].map(csvCell).join(','),
  );
  return `${[header.join(','), ...rows].join('\r\n')}\r\n`;
}

export function criticalPointsCsv(data: CriticalPointsObject): string {
  const header = [
    'indicator',
    'currency',
    'reached',
    'since',
    'week_start',
    'new_customers',
    'referred',
    'share',
    'first_month',
    'last_30_days',
    'reduction',
    'days_held',
  ];
  const n = data.network_effect;
  const rows = [
    ...n.weeks.map((w) => [
      'network_effect',
      '',
      n.reached,
      n.since ?? '',
      w.start,
      w.new_customers,
      w.referred,
      w.share ?? '',
    ]),
    ...data.scale.map((s) => [
      'scale',
      s.currency,
      s.reached,
      s.since ?? '',
      '',
      '',
      '',
      '',
      s.first_month ?? '',
      s.last_30_days ?? '',
      s.reduction ?? '',
      s.days_held,
    ]),
  ].map((row) => row.map(csvCell).join(','));
  return `${[header.join(','), ...rows].join('\r\n')}\r\n`;
}

export function alertsCsv(episodes: readonly AlertEpisode[]): string {
  const header = ['id', 'status', 'metric', 'op', 'value', 'days', 'triggered_day', 'resolved_day'];
  const rows = episodes.map((a) =>
    [a.id, a.status, a.metric, a.op, a.value, a.days, a.triggered_day, a.resolved_day ?? '']
      .map(csvCell)
      .join(','),
  );
  return `${[header.join(','), ...rows].join('\r\n')}\r\n`;
}

function CriticalPoints({ data }: { data: CriticalPointsObject }) {
  const network = data.network_effect;
  const latest = network.weeks.at(-1)?.share ?? null;
  return (
    <dl class="kpis critical-points">
      <div>
        <dt>Network effect</dt>
        <dd>{network.reached ? `Reached ${formatDate(network.since!)}` : 'Not yet'}</dd>
        <dd class="kpi-note">
          Referred share of new customers last week: {formatPercent(latest)} (needs ≥ 60 % and rising over
          four weeks)
        </dd>
      </div>
      {data.scale.length === 0 ? (
        <div>
          <dt>Scale</dt>
          <dd>Not yet</dd>
          <dd class="kpi-note">No referral rewards yet.</dd>
        </div>
      ) : (
        data.scale.map((s) => (
          <div key={s.currency}>
            <dt>Scale ({s.currency})</dt>
            <dd>{s.reached ? `Reached ${formatDate(s.since!)}` : 'Not yet'}</dd>
            <dd class="kpi-note">
              Cost per acquired customer: first month{' '}
              {s.first_month === null ? NO_DATA : formatMoney(s.first_month, s.currency)}, last 30 days{' '}
              {s.last_30_days === null ? NO_DATA : formatMoney(s.last_30_days, s.currency)}; held{' '}
              {formatCount(s.days_held)} of 30 days
            </dd>
          </div>
        ))
      )}
    </dl>
  );
}

export function GrowthPanel() {
  const points = useApiGet<CriticalPointsObject>('/v1/stats/critical-points');
  const cohorts = useApiGet<StatsCohortsObject>('/v1/stats/cohorts?period=month');
  const alerts = useApiGet<{ data: AlertEpisode[] }>('/v1/stats/alerts');
  const longest = Math.max(0, ...(cohorts.data?.cohorts ?? []).map((c) => c.periods.length));
  const error = points.error ?? cohorts.error ?? alerts.error;
  return (
    <section
      id="growth"
      class="panel"
      aria-labelledby="growth-title"
      aria-busy={points.loading || cohorts.loading || alerts.loading}
    >
      <div class="panel-head">
        <div>
          <h2 id="growth-title">Growth</h2>
          <p class="muted">Critical points, how each month’s new customers come back, and KPI alerts.</p>
        </div>
      </div>
      {error ? (
        <p class="banner error" role="alert">
          {error}
        </p>
      ) : null}
      <div class="panel-head">
        <h3 id="critical-title">Critical points</h3>
        <button
          type="button"
          class="button"
          disabled={!points.data}
          onClick={() => points.data && download('critical-points.csv', criticalPointsCsv(points.data))}
        >
          Export critical points CSV
        </button>
      </div>
      {points.data ? <CriticalPoints data={points.data} /> : null}
      <div class="panel-head">
        <h3 id="cohorts-title">Retention by first-order month</h3>
        <button
          type="button"
          class="button"
          disabled={!cohorts.data}
          onClick={() => cohorts.data && download('cohorts.csv', cohortsCsv(cohorts.data))}
        >
          Export cohorts CSV
        </button>
      </div>
      <div class="table-scroll">
        <table class="cohorts" aria-labelledby="cohorts-title">
          <thead>
            <tr>
              <th scope="col">Cohort</th>
              <th scope="col" class="num">
                Customers
              </th>
              {Array.from({ length: longest }, (_, i) => (
                <th scope="col" class="num" key={i}>
                  Month {i}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {(cohorts.data?.cohorts ?? []).map((c) => (
              <tr key={c.start}>
                <th scope="row">{c.start.slice(0, 7)}</th>
                <td class="num">{formatCount(c.customers)}</td>
                {c.periods.map((p) => (
                  <td key={p.offset} class={`num ${heat(p.share)}`}>
                    {formatPercent(p.share)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div class="panel-head">
        <h3 id="alerts-title">Alerts</h3>
        <button
          type="button"
          class="button"
          disabled={!alerts.data}
          onClick={() => alerts.data && download('alerts.csv', alertsCsv(alerts.data.data))}
        >
          Export alerts CSV
        </button>
      </div>
      {alerts.data && alerts.data.data.length === 0 ? (
        <p class="muted">
          No alert has fired. Set thresholds under <code>alerts</code> in the program.
        </p>
      ) : (
        <ul class="alerts" aria-labelledby="alerts-title">
          {(alerts.data?.data ?? []).map((a) => (
            <li key={a.id} class={a.status === 'open' ? 'alert-open' : 'alert-resolved'}>
              <strong>{a.status === 'open' ? 'Open' : 'Resolved'}</strong>: {a.metric} {a.op} {a.value} for{' '}
              {a.days} days, since {a.triggered_day}
              {a.resolved_day ? `, recovered ${a.resolved_day}` : ''}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
