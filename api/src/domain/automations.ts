// Automations, decided purely: which rules are in force, and for a customer at an instant, which
// occurrence of a trigger is happening (or none). The occurrence is the key that makes a rule fire
// once per (rule, customer, occurrence): the same facts always give the same key.
import { DAY_MS } from '../clock.ts';
import type { AutomationRule, AutomationsConfig, Trigger } from '../schemas/lifecycle.ts';
import { birthdayMonthDay, birthdaysCelebratedOn } from './loyalty-calendar.ts';
import { repurchaseDueAt } from './rhythm.ts';
import type { Segment } from './segments.ts';

/**
 * A moment that passed longer ago than this is not acted on: switching a rule on does not message
 * every customer who reached day 7 or a second order years ago, and a job down for a few days
 * still catches up.
 */
export const CATCH_UP_DAYS = 7;

export interface AutomationFacts {
  created_at: string;
  orders_count: number;
  birthday: string | null;
  points_balance: number;
  /** Order times, ascending. */
  orderTimes: readonly string[];
  /** The segment now, with silence measured against the customer's own rhythm. */
  segment: Segment;
  segmentSince: string;
  tier: string | null;
  /** When the job saw the tier change; null until it has seen a change. */
  tierChangedAt: string | null;
  /** The customer's usual days between orders, else the shop's; null when unknown. */
  intervalDays: number | null;
  /**
   * When points next expire: the whole balance for inactivity (`idle`), or the oldest unspent
   * earning (`batch`); null without expiry or without points.
   */
  pointsExpireAt: Date | null;
  /** Per-batch expiry gives a date per earning: warnings are then grouped (see `occurrenceOf`). */
  expiryMode?: 'idle' | 'batch';
}

const message = (title: string, body: string) => ({ title, body });

/**
 * The rules that follow the five segments, each switched by `automations.defaults`. The expiry
 * warning's advice follows the expiry mode: per batch, new points do not keep the old ones.
 */
export function defaultRules(
  config: AutomationsConfig,
  expiryMode: 'idle' | 'batch' = 'idle',
): AutomationRule[] {
  const base = { enabled: true, segment: null, reward: null, message: null, webhook: true };
  const rules: AutomationRule[] = [];
  if (config.defaults.day7_nudge) {
    rules.push({
      ...base,
      id: 'default.day7_nudge',
      trigger: { type: 'customer.day_n', days: 7 },
      message: message('Your welcome offer is waiting', 'It is still yours for your first order.'),
    });
  }
  if (config.defaults.repurchase_reminder) {
    rules.push({
      ...base,
      id: 'default.repurchase_reminder',
      trigger: { type: 'repurchase.due' },
      message: message('Time for a refill?', 'It has been about as long as usual since your last order.'),
    });
  }
  if (config.defaults.vip_perk) {
    rules.push({
      ...base,
      id: 'default.vip_perk',
      trigger: { type: 'segment.entered', segment: 'high_value' },
      reward: config.vip_reward,
      message: message('You are a VIP now', 'A thank-you for being one of our best customers.'),
    });
  }
  if (config.defaults.win_back) {
    rules.push({
      ...base,
      id: 'default.win_back',
      trigger: { type: 'segment.entered', segment: 'silent' },
      reward: config.win_back_reward,
      message: message('We miss you', 'Here is something to welcome you back.'),
    });
  }
  if (config.defaults.points_expiring) {
    rules.push({
      ...base,
      id: 'default.points_expiring',
      trigger: { type: 'points.expiring', days_before: 14 },
      message: message(
        'Your points expire soon',
        expiryMode === 'batch'
          ? 'Use them before they expire: each earning lasts a set time.'
          : 'Use them, or earn or spend any points to keep them.',
      ),
    });
  }
  return rules;
}

/** Defaults first (unless a rule of the same id replaces one), then the merchant's rules; only enabled. */
export function effectiveRules(
  config: AutomationsConfig,
  expiryMode: 'idle' | 'batch' = 'idle',
): AutomationRule[] {
  if (!config.enabled) return [];
  const own = new Set(config.rules.map((r) => r.id));
  return [...defaultRules(config, expiryMode).filter((r) => !own.has(r.id)), ...config.rules].filter(
    (r) => r.enabled,
  );
}

const day = (d: Date) => d.toISOString().slice(0, 10);
const withinCatchUp = (moment: number, now: Date) =>
  moment <= now.getTime() && now.getTime() - moment < CATCH_UP_DAYS * DAY_MS;

/**
 * The start day of the calendar window `now` falls in, or null. `MM-DD` bounds repeat every year (a
 * window may run over New Year: 12-26 to 01-02); two `YYYY-MM-DD` bounds are one window.
 */
export function dateWindowStart(start: string, end: string, now: Date): string | null {
  const today = day(now);
  if (start.length === 10 && end.length === 10) return start <= today && today <= end ? start : null;
  const md = today.slice(5);
  const year = now.getUTCFullYear();
  const [s, e] = [start.slice(-5), end.slice(-5)];
  if (s <= e) return s <= md && md <= e ? `${year}-${s}` : null;
  if (md >= s) return `${year}-${s}`;
  if (md <= e) return `${year - 1}-${s}`;
  return null;
}

/** When an idle balance expires: the later of the last visit and the last points movement, plus the days. */
export function idleExpiryAt(
  lastActiveAt: string,
  lastPointsAt: string | null,
  expiryDays: number | null,
): Date | null {
  if (expiryDays === null) return null;
  const from = Math.max(Date.parse(lastActiveAt), lastPointsAt ? Date.parse(lastPointsAt) : 0);
  return new Date(from + expiryDays * DAY_MS);
}

/** The occurrence of `trigger` happening for this customer at `now`, or null when it is not. */
export function occurrenceOf(trigger: Trigger, facts: AutomationFacts, now: Date): string | null {
  switch (trigger.type) {
    case 'segment.entered':
      return facts.segment === trigger.segment ? `${trigger.segment}@${facts.segmentSince}` : null;
    case 'customer.day_n': {
      const moment = Date.parse(facts.created_at) + trigger.days * DAY_MS;
      return facts.orders_count === 0 && withinCatchUp(moment, now) ? `day${trigger.days}` : null;
    }
    case 'customer.birthday':
      return facts.birthday !== null && birthdaysCelebratedOn(now).includes(birthdayMonthDay(facts.birthday))
        ? String(now.getUTCFullYear())
        : null;
    case 'order.nth': {
      const nth = facts.orderTimes[trigger.n - 1];
      return nth !== undefined && withinCatchUp(Date.parse(nth), now) ? `order${trigger.n}` : null;
    }
    case 'points.expiring': {
      const at = facts.pointsExpireAt;
      if (at === null || facts.points_balance <= 0) return null;
      const warnFrom = at.getTime() - trigger.days_before * DAY_MS;
      if (now.getTime() < warnFrom || now.getTime() >= at.getTime()) return null;
      if (facts.expiryMode !== 'batch') return `expires@${at.toISOString()}`;
      // A shopper who earns every day has an expiry every day: one warning per `days_before` span.
      return `batches@${Math.floor(at.getTime() / (trigger.days_before * DAY_MS))}`;
    }
    case 'tier.changed':
      if (facts.tierChangedAt === null) return null;
      if (trigger.to !== undefined && trigger.to !== facts.tier) return null;
      return `${facts.tier ?? 'none'}@${facts.tierChangedAt}`;
    case 'date': {
      const start = dateWindowStart(trigger.start, trigger.end, now);
      return start === null ? null : start;
    }
    case 'repurchase.due': {
      if (facts.orders_count === 0 || facts.segment === 'silent') return null;
      const due = repurchaseDueAt(facts.orderTimes.at(-1) ?? null, facts.intervalDays);
      return due !== null && due.getTime() <= now.getTime() ? `after@${facts.orderTimes.at(-1)}` : null;
    }
  }
}
