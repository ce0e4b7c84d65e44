import type { RewardValue } from '../../sdk/src/browser/types.ts';
import type { Messages } from './i18n/en.ts';
import { fill } from './i18n/locale.ts';

/** Minor units to a localized amount; whole amounts drop their zero decimals ("$10", not "$10.00"). */
export function formatMoney(amount: number, currency: string, locale: string): string {
  try {
    const digits = new Intl.NumberFormat(locale, { style: 'currency', currency }).resolvedOptions()
      .maximumFractionDigits as number;
    const scale = 10 ** digits;
    return new Intl.NumberFormat(locale, {
      style: 'currency',
      currency,
      minimumFractionDigits: amount % scale === 0 ? 0 : digits,
    }).format(amount / scale);
  } catch {
    return `${amount / 100} ${currency}`;
  }
}

export function formatNumber(value: number, locale: string): string {
  return new Intl.NumberFormat(locale).format(value);
}

export function formatReward(reward: RewardValue | null | undefined, t: Messages, locale: string): string {
  if (!reward) return '';
  switch (reward.type) {
    case 'amount_off':
      return fill(t.off, { value: formatMoney(reward.amount, reward.currency, locale) });
    case 'percent_off':
      return fill(t.off, {
        value: new Intl.NumberFormat(locale, { style: 'percent' }).format(reward.percent / 100),
      });
    case 'points':
      return fill(t.points, { points: reward.points }, locale);
    case 'credit':
      return fill(t.credit, { value: formatMoney(reward.amount, reward.currency, locale) });
    default:
      return '';
  }
}

export function formatDate(iso: string, locale: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : date.toLocaleDateString(locale, { dateStyle: 'medium' });
}
