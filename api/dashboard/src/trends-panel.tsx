// Trends: the period's funnel, then every loop KPI per day (per week over 90 days) from
// GET /v1/stats/series as charts with text alternatives, and every number in one table, exportable as CSV.
import { useMemo, useState } from 'preact/hooks';
import type { StatsSeriesObject } from '../../src/schemas/analytics.ts';
import { download } from './download.ts';
import { FunnelView } from './funnel-view.tsx';
import { KpiChart } from './kpi-chart.tsx';
import { PeriodPicker } from './period-picker.tsx';
import { formatValue, seriesColumns, seriesCsv } from './series-columns.ts';
import './trends.css';
import { reloadToken, useApiGet } from './use-api-get.ts';

const DAY_MS = 86_400_000;

export function TrendsPanel() {
  const [period, setPeriod] = useState(30);
  const interval = period > 31 ? 'week' : 'day';
  const reload = reloadToken.value;
  // Whole UTC days, so the first point is a full day rather than a sliver of one.
  const range = useMemo(() => {
    const to = Math.ceil(Date.now() / DAY_MS) * DAY_MS;
    return { from: new Date(to - period * DAY_MS).toISOString(), to: new Date(to).toISOString() };
  }, [period, reload]);
  const series = useApiGet<StatsSeriesObject>(
    `/v1/stats/series?interval=${interval}&from=${encodeURIComponent(range.from)}&to=${encodeURIComponent(range.to)}`,
  );
  const table = useMemo(() => (series.data ? seriesColumns(series.data) : undefined), [series.data]);
  return (
    <section id="trends" class="panel" aria-labelledby="trends-title" aria-busy={series.loading}>
      <div class="panel-head">
        <div>
          <h2 id="trends-title">Trends</h2>
          <p class="muted">
            Each KPI per {interval} (UTC). Focus a chart and use the arrow keys to read its points.
          </p>
        </div>
        <PeriodPicker value={period} onChange={setPeriod} name="trends-period" />
      </div>
      {series.error ? (
        <p class="banner error" role="alert">
          {series.error}
        </p>
      ) : null}
      <FunnelView from={range.from} to={range.to} />
      {table ? (
        <>
          <h3 class="charts-title">Each KPI per {interval}</h3>
          <div class="kpi-charts">
            {table.columns.map((column) => (
              <KpiChart
                key={`${column.key}-${series.data!.from}`}
                column={column}
                starts={table.starts}
                points={table.points}
                interval={interval}
              />
            ))}
          </div>
          <div class="panel-head">
            <h3 id="trends-table-title">The numbers</h3>
            <button
              type="button"
              class="button"
              onClick={() => download(`kpi-series-${interval}.csv`, seriesCsv(table))}
            >
              Export trends CSV
            </button>
          </div>
          {/* biome-ignore lint/a11y/noNoninteractiveTabindex: wide, it scrolls sideways; focus lets the keyboard scroll it */}
          <section class="table-scroll" aria-labelledby="trends-table-title" tabIndex={0}>
            <table class="trends-table" aria-labelledby="trends-table-title">
              <thead>
                <tr>
                  <th scope="col">{interval === 'day' ? 'Day' : 'Week from'}</th>
                  {table.columns.map((c) => (
                    <th scope="col" class="num" key={c.key}>
                      {c.label}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {table.points.map((p, i) => (
                  <tr key={p.start}>
                    <th scope="row">{p.start.slice(0, 10)}</th>
                    {table.columns.map((c) => (
                      <td class="num" key={c.key}>
                        {formatValue(c, c.values[i] ?? null)}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row">Period</th>
                  {table.columns.map((c) => (
                    <td class="num" key={c.key}>
                      {formatValue(c, c.total)}
                    </td>
                  ))}
                </tr>
              </tfoot>
            </table>
          </section>
        </>
      ) : null}
    </section>
  );
}
