// Numbers as the merchant reads them. Money arrives in integer minor units; Intl knows how many
// minor digits each currency has (USD 2, JPY 0, KWD 3), so the conversion asks it rather than assume 100.
import type { RewardValue } from '../../src/schemas/reward.ts';

const moneyFormats = new Map<string, Intl.NumberFormat>();

function moneyFormat(currency: string): Intl.NumberFormat {
  let format = moneyFormats.get(currency);
  if (!format) {
    format = new Intl.NumberFormat(undefined, { style: 'currency', currency });
    moneyFormats.set(currency, format);
  }
  return format;
}

export function formatMoney(minorUnits: number, currency: string): string {
  const format = moneyFormat(currency);
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(minorUnits / 10 ** digits);
}

/** How many minor units one major unit holds: 100 for USD, 1 for JPY. */
export function minorPerMajor(currency: string): number {
  return 10 ** (moneyFormat(currency).resolvedOptions().maximumFractionDigits ?? 2);
}

const percentFormat = new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 1 });
const decimalFormat = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 });
const integerFormat = new Intl.NumberFormat();
const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

/** KPIs are `null` when their denominator is zero: "no data yet", not zero. */
export const NO_DATA = '—';

export const formatPercent = (ratio: number | null): string =>
  ratio === null ? NO_DATA : percentFormat.format(ratio);
export const formatDecimal = (value: number | null): string =>
  value === null ? NO_DATA : decimalFormat.format(value);
export const formatCount = (value: number): string => integerFormat.format(value);
export const formatDateTime = (iso: string): string => dateTimeFormat.format(new Date(iso));
export const formatDate = (iso: string): string => dateFormat.format(new Date(iso));

export function formatReward(reward: RewardValue): string {
  switch (reward.type) {
    case 'amount_off':
      return `${formatMoney(reward.amount, reward.currency)} off`;
    case 'credit':
      return `${formatMoney(reward.amount, reward.currency)} store credit`;
    case 'percent_off':
      return `${reward.percent}% off`;
    case 'points':
      return `${formatCount(reward.points)} points`;
    case 'free_shipping':
      return 'Free shipping';
  }
}
