import type { RewardValue } from '../../sdk/src/browser/types.ts';
import type { Messages } from './i18n/en.ts';
import { fill } from './i18n/locale.ts';
import { formatMoney, formatPercent } from './numbers.ts';

export { formatMoney, formatNumber } from './numbers.ts';

export function formatReward(reward: RewardValue | null | undefined, t: Messages, locale: string): string {
  if (!reward) return '';
  switch (reward.type) {
    case 'amount_off':
      return fill(t.off, { value: formatMoney(reward.amount, reward.currency, locale) });
    case 'percent_off':
      return fill(t.off, { value: formatPercent(reward.percent, locale) });
    case 'points':
      return fill(t.points, { points: reward.points }, locale);
    case 'credit':
      return fill(t.credit, { value: formatMoney(reward.amount, reward.currency, locale) });
    case 'free_shipping':
      return t.free_shipping;
    default:
      return '';
  }
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** Dates show only in the rewards tab's history, so they keep the browser's Intl (one per locale). */
export function formatDate(iso: string, locale: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  let format = dateFormats.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { dateStyle: 'medium' });
    dateFormats.set(locale, format);
  }
  return format.format(date);
}
