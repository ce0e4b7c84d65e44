// Daily KPI alerts: each merchant's `alerts` are checked against the last complete UTC days. Runs
// hourly; a day's verdict is the same on every pass (and the episode's unique key holds if two
// processes run it at once), so each episode fires `alert.triggered` once and `alert.resolved` once.
import { DAY_MS } from '../clock.ts';
import { transact } from '../db/transaction.ts';
import type { Deps } from '../deps.ts';
import { type AlertRule, alertKey, alertTransition } from '../domain/alerts.ts';
import { bucketStart } from '../domain/analytics-time.ts';
import { sliceFacts } from '../domain/kpi-facts.ts';
import { computeKpis, type KpiMetric } from '../domain/kpis.ts';
import { pointValue } from '../domain/point-value.ts';
import { openEpisodes, resolveEpisode, triggerEpisode } from '../store/alert-episodes.ts';
import { ensureKpiDays } from '../store/kpi-days.ts';
import { gatherKpiFacts } from '../store/kpi-facts.ts';
import { allMerchantIds } from '../store/merchant-ids.ts';
import { loadProgram } from '../store/programs.ts';

type JobDeps = Pick<Deps, 'db' | 'clock' | 'cache'>;

const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export async function runKpiAlerts(deps: JobDeps) {
  const now = deps.clock.now();
  const merchants = await allMerchantIds(deps.db);
  let triggered = 0;
  let resolved = 0;
  for (const id of merchants) {
    const program = await loadProgram(deps, id);
    const open = await openEpisodes(deps.db, id);
    if (program.alerts.length === 0 && open.length === 0) continue;
    const result = await evaluateMerchant(
      deps,
      id,
      program.alerts,
      pointValue(program.loyalty.redemption_options),
      now,
    );
    triggered += result.triggered;
    resolved += result.resolved;
  }
  return { triggered, resolved };
}

async function evaluateMerchant(
  deps: JobDeps,
  merchantId: string,
  rules: readonly AlertRule[],
  points: ReturnType<typeof pointValue>,
  now: Date,
) {
  const today = bucketStart(now.getTime(), 'day');
  const span = Math.max(1, ...rules.map((r) => r.days));
  const from = today - span * DAY_MS;
  await ensureKpiDays(deps.db, merchantId, { from: new Date(from), to: new Date(today) }, now);
  const facts = await gatherKpiFacts(
    deps.db,
    merchantId,
    { from: new Date(from), to: new Date(today) },
    points,
    now,
  );
  const days = Array.from({ length: span }, (_, i) =>
    computeKpis(sliceFacts(facts, from + i * DAY_MS, from + (i + 1) * DAY_MS)),
  );
  const series = (metric: KpiMetric) => days.map((d) => d[metric].value);
  const yesterday = dayOf(today - DAY_MS);
  const open = new Map((await openEpisodes(deps.db, merchantId)).map((e) => [e.alert_key, e]));
  let triggered = 0;
  let resolved = 0;
  for (const rule of rules) {
    const values = series(rule.metric as KpiMetric);
    const episode = open.get(alertKey(rule));
    open.delete(alertKey(rule));
    const step = alertTransition(rule, values, episode !== undefined);
    if (step === 'trigger') {
      const recent = values.slice(-rule.days);
      if (await transact(deps.db, (trx) => triggerEpisode(trx, merchantId, rule, yesterday, recent, now)))
        triggered++;
    } else if (step === 'resolve' && episode) {
      if (
        await transact(deps.db, (trx) => resolveEpisode(trx, episode, yesterday, values.at(-1) ?? null, now))
      )
        resolved++;
    }
  }
  // An alert taken out of the program (or changed, which makes it another alert) ends its episode.
  for (const episode of open.values()) {
    if (await transact(deps.db, (trx) => resolveEpisode(trx, episode, yesterday, null, now))) resolved++;
  }
  return { triggered, resolved };
}
