// The flywheel as a loop of five stages, each with the KPIs that measure it.
import { useMemo, useState } from 'preact/hooks';
import { SEGMENTS } from '../../src/domain/segments.ts';
import type { StatsObject } from '../../src/schemas/stats.ts';
import { formatCount, formatDate, formatDecimal, formatMoney, formatPercent, NO_DATA } from './format.ts';
import { SEGMENT_LABELS } from './labels.ts';
import { PeriodPicker } from './period-picker.tsx';
import { displayCurrency } from './program-store.ts';
import { reloadToken, useApiGet } from './use-api-get.ts';

const DAY_MS = 86_400_000;

interface Kpi {
  label: string;
  value: string;
}

interface Stage {
  id: string;
  title: string;
  summary: string;
  kpis(stats: StatsObject, money: (minor: number | null) => string): Kpi[];
}

const days = (value: number | null) => (value === null ? NO_DATA : `${formatDecimal(value)} days`);

const STAGES: Stage[] = [
  {
    id: 'acquire',
    title: 'Acquire',
    summary: 'Invite links, codes and QR codes bring friends in.',
    kpis: (s) => [
      { label: 'Clicks', value: formatCount(s.clicks) },
      { label: 'Click → first order', value: formatPercent(s.click_to_first_order) },
    ],
  },
  {
    id: 'keep',
    title: 'Keep',
    summary: 'Friends see the welcome offer and leave an email.',
    kpis: (s) => [
      { label: 'Offer claims', value: formatCount(s.offer_claims) },
      { label: 'New customers', value: formatCount(s.new_customers) },
    ],
  },
  {
    id: 'activate',
    title: 'Activate',
    summary: 'First orders are attributed to the referrer.',
    kpis: (s, money) => [
      { label: 'Organic share', value: formatPercent(s.organic_share) },
      { label: 'Referred customers', value: formatCount(s.referred_customers) },
      { label: 'Referral revenue', value: money(s.referral_revenue) },
    ],
  },
  {
    id: 'care',
    title: 'Care',
    summary: 'Points, tiers and segments bring customers back.',
    kpis: (s, money) => [
      { label: 'Repeat-purchase rate', value: formatPercent(s.repeat_purchase_rate) },
      { label: 'Avg LTV, referred', value: money(s.avg_ltv.referred) },
      { label: 'Avg LTV, other', value: money(s.avg_ltv.other) },
    ],
  },
  {
    id: 'recruit',
    title: 'Recruit',
    summary: 'Double-sided rewards turn customers into recruiters.',
    kpis: (s, money) => [
      { label: 'Participation rate', value: formatPercent(s.participation_rate) },
      { label: 'K-factor', value: formatDecimal(s.k_factor) },
      { label: 'Viral cycle', value: days(s.viral_cycle_days) },
      { label: 'Reward cost', value: money(s.reward_cost) },
      { label: 'Referral ROI', value: formatPercent(s.referral_roi) },
    ],
  },
];

function SegmentSizes({ segments }: { segments: StatsObject['segments'] }) {
  const total = SEGMENTS.reduce((sum, s) => sum + segments[s], 0);
  return (
    <section class="segments" aria-labelledby="segments-title">
      <h3 id="segments-title">Lifecycle segments</h3>
      <ul>
        {SEGMENTS.map((segment) => (
          <li key={segment}>
            <span id={`segment-${segment}`}>{SEGMENT_LABELS[segment]}</span>
            <meter
              min={0}
              max={Math.max(total, 1)}
              value={segments[segment]}
              aria-labelledby={`segment-${segment}`}
            />
            <span class="num">{formatCount(segments[segment])}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

export function KpiLoop() {
  const [period, setPeriod] = useState(30);
  // The range is fixed when the period is picked (or everything is refreshed), so the URL is stable.
  const reload = reloadToken.value;
  const range = useMemo(() => {
    const to = new Date();
    return { from: new Date(to.getTime() - period * DAY_MS).toISOString(), to: to.toISOString() };
  }, [period, reload]);
  const stats = useApiGet<StatsObject>(
    `/v1/stats?from=${encodeURIComponent(range.from)}&to=${encodeURIComponent(range.to)}`,
  );
  const currency = displayCurrency.value;
  const money = (minor: number | null) => (minor === null ? NO_DATA : formatMoney(minor, currency));
  const data = stats.data;

  return (
    <section id="loop" class="panel" aria-labelledby="loop-title" aria-busy={stats.loading}>
      <div class="panel-head">
        <div>
          <h2 id="loop-title">Your flywheel</h2>
          <p class="muted">
            {data
              ? `${formatDate(data.from)} – ${formatDate(data.to)} · ${formatCount(data.customers)} customers`
              : 'Loading…'}
          </p>
        </div>
        <PeriodPicker value={period} onChange={setPeriod} />
      </div>
      {stats.error ? (
        <p class="banner error" role="alert">
          {stats.error}
        </p>
      ) : null}
      {data ? (
        <>
          <ol class="loop">
            {STAGES.map((stage, index) => (
              <li key={stage.id} class={`stage stage-${stage.id}`} aria-labelledby={`stage-${stage.id}`}>
                <h3 id={`stage-${stage.id}`}>
                  <span class="step" aria-hidden="true">
                    {index + 1}
                  </span>
                  {stage.title}
                </h3>
                <p class="muted small">{stage.summary}</p>
                <dl class="kpis">
                  {stage.kpis(data, money).map((kpi) => (
                    <div key={kpi.label}>
                      <dt>{kpi.label}</dt>
                      <dd>{kpi.value}</dd>
                    </div>
                  ))}
                </dl>
              </li>
            ))}
          </ol>
          <p class="loop-back muted small">
            <span aria-hidden="true">↻ </span>Recruits become the next round’s invitations: the loop starts
            again at Acquire.
          </p>
          <SegmentSizes segments={data.segments} />
        </>
      ) : null}
    </section>
  );
}
