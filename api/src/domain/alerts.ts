// Alerts on a KPI: a threshold breached on `days` complete days running starts an episode
// (`alert.triggered`, once); the first complete day back on the right side ends it (`alert.resolved`).

export interface AlertRule {
  metric: string;
  op: 'below' | 'above';
  value: number;
  days: number;
}

/** A stable key for a rule, so editing one alert's threshold starts its own episode history. */
export const alertKey = (rule: AlertRule) => `${rule.metric}:${rule.op}:${rule.value}:${rule.days}`;

export const breaches = (rule: AlertRule, value: number | null): boolean =>
  value !== null && (rule.op === 'below' ? value < rule.value : value > rule.value);

/**
 * What to do after a day's evaluation. `recent`: the metric on the last complete days, oldest first
 * (null: no data that day — it neither breaches nor recovers). `open`: an episode is running.
 */
export function alertTransition(
  rule: AlertRule,
  recent: readonly (number | null)[],
  open: boolean,
): 'trigger' | 'resolve' | null {
  const last = recent.at(-1) ?? null;
  if (open) return last !== null && !breaches(rule, last) ? 'resolve' : null;
  const window = recent.slice(-rule.days);
  return window.length === rule.days && window.every((v) => breaches(rule, v)) ? 'trigger' : null;
}
