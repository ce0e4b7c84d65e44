// A series answer as columns of numbers: one per metric, or per metric and currency for money (amounts
// are never summed across currencies). The charts, their table and the CSV all read these columns.
import type { StatsSeriesObject } from '../../src/schemas/analytics.ts';
import { csvCell } from './feedback-csv.ts';
import { formatCount, formatDecimal, formatMoney, formatPercent, NO_DATA } from './format.ts';

type Series = StatsSeriesObject['series'][number];
type Figure = Series['total'];

export const METRIC_LABELS: Record<Series['metric'], string> = {
  clicks: 'Clicks',
  referred_visitors: 'Referred visitors',
  referred_visitor_conversion: 'Referred visitor → first order',
  offer_claims: 'Offer claims',
  offer_claim_conversion: 'Offer claim → first order',
  new_customers: 'New customers',
  new_referred_customers: 'New referred customers',
  organic_share: 'Organic share of new customers',
  orders: 'Orders',
  returning_orders: 'Returning orders',
  returning_order_share: 'Returning-customer share of orders',
  revenue: 'Revenue',
  returning_revenue_share: 'Returning-customer share of revenue',
  reward_cost: 'Reward cost',
  reward_cost_per_acquired_customer: 'Reward cost per acquired customer',
  repurchase_cycle_days: 'Repurchase cycle (median days)',
  points_expired: 'Points expired',
  points_redeemed: 'Points redeemed',
  expired_points_share: 'Share of points expiring unredeemed',
};

export interface Column {
  /** `revenue` or, per currency, `revenue_USD`: the CSV header. */
  key: string;
  label: string;
  kind: Series['kind'];
  currency: string | null;
  /** One per point; null where there is nothing to show (no denominator, no gap measured). */
  values: (number | null)[];
  total: number | null;
}

export interface SeriesColumns {
  /** Each point's start, in seconds (what uPlot's time axis takes). */
  starts: number[];
  points: { start: string; end: string }[];
  columns: Column[];
}

const valueIn = (figure: Figure, currency: string | null) =>
  currency === null
    ? figure.value
    : (figure.by_currency?.find((f) => f.currency === currency)?.value ?? null);

export function seriesColumns(data: StatsSeriesObject): SeriesColumns {
  const first = data.series[0]?.points ?? [];
  const columns: Column[] = [];
  for (const series of data.series) {
    const money = series.kind === 'money' || series.kind === 'money_ratio';
    const currencies: (string | null)[] = money
      ? [
          ...new Set([
            ...(series.total.by_currency ?? []).map((f) => f.currency),
            ...series.points.flatMap((p) => (p.by_currency ?? []).map((f) => f.currency)),
          ]),
        ].sort()
      : [];
    // A money metric with no amount yet still gets its (empty) chart, in no currency.
    if (currencies.length === 0) currencies.push(null);
    for (const currency of currencies) {
      const label = METRIC_LABELS[series.metric];
      columns.push({
        key: currency ? `${series.metric}_${currency}` : series.metric,
        label: currency ? `${label} (${currency})` : label,
        kind: series.kind,
        currency,
        values: series.points.map((p) => valueIn(p, currency)),
        total: valueIn(series.total, currency),
      });
    }
  }
  return {
    starts: first.map((p) => Date.parse(p.start) / 1000),
    points: first.map((p) => ({ start: p.start, end: p.end })),
    columns,
  };
}

/** A column's value as the merchant reads it. */
export function formatValue(column: Column, value: number | null): string {
  if (value === null) return NO_DATA;
  // A money metric with no amount yet has no currency: its axis ticks are bare numbers.
  if (column.currency === null && (column.kind === 'money' || column.kind === 'money_ratio'))
    return formatDecimal(value);
  switch (column.kind) {
    case 'count':
      return formatCount(value);
    case 'ratio':
      return formatPercent(value);
    case 'quantile':
      return `${formatDecimal(value)} days`;
    case 'money':
      return formatMoney(value, column.currency!);
    case 'money_ratio':
      // Returning revenue share is a fraction; cost per acquired customer is an amount.
      return column.key.startsWith('returning_revenue_share')
        ? formatPercent(value)
        : formatMoney(Math.round(value), column.currency!);
  }
}

/** The chart's text alternative: the period's total, the range of the points and the latest one. */
export function describeColumn(column: Column, points: { start: string }[], interval: string): string {
  const known = column.values.flatMap((value, i) => (value === null ? [] : [{ value, i }]));
  const totalWord = column.kind === 'count' || column.kind === 'money' ? 'total' : 'whole period';
  const head = `${column.label}: ${formatValue(column, column.total)} (${totalWord})`;
  if (known.length === 0) return `${head}; no ${interval} has a value yet.`;
  const day = (i: number) => points[i]!.start.slice(0, 10);
  const low = known.reduce((a, b) => (b.value < a.value ? b : a));
  const high = known.reduce((a, b) => (b.value > a.value ? b : a));
  const last = known.at(-1)!;
  return (
    `${head}; per ${interval} from ${formatValue(column, low.value)} (${day(low.i)}) ` +
    `to ${formatValue(column, high.value)} (${day(high.i)}); latest ${formatValue(column, last.value)} (${day(last.i)}).`
  );
}

/** Every point and column as CSV: raw numbers (money in minor units, ratios as fractions). */
export function seriesCsv(table: SeriesColumns): string {
  const header = ['start', 'end', ...table.columns.map((c) => c.key)];
  const rows = table.points.map((p, i) =>
    [p.start, p.end, ...table.columns.map((c) => c.values[i])].map(csvCell).join(','),
  );
  return `${[header.join(','), ...rows].join('\r\n')}\r\n`;
}
