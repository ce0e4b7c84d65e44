import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import {
  type AutomationFacts,
  dateWindowStart,
  effectiveRules,
  occurrenceOf,
} from '../../api/src/domain/automations.ts';
import { boostReward, pointsBoost, referralBoost } from '../../api/src/domain/campaigns.ts';
import {
  isSilent,
  lifecycleSegmentOf,
  repurchaseDueAt,
  shopIntervalDays,
  silentAfterDays,
  usualIntervalDays,
} from '../../api/src/domain/rhythm.ts';
import { AutomationsSchema } from '../../api/src/schemas/lifecycle.ts';

const DAY = 86_400_000;
const at = (iso: string) => new Date(iso);
const daysAfter = (iso: string, days: number) => new Date(Date.parse(iso) + days * DAY).toISOString();

describe('a customer’s own rhythm', () => {
  it('is the median gap between their orders', () => {
    const start = '2026-01-01T00:00:00.000Z';
    // Gaps of 10, 30 and 20 days: the median is 20, whatever order the times come in.
    const times = [daysAfter(start, 60), start, daysAfter(start, 10), daysAfter(start, 40)];
    expect(usualIntervalDays(times)).toBe(20);
    expect(usualIntervalDays([start])).toBeNull();
    expect(usualIntervalDays([start, daysAfter(start, 10), daysAfter(start, 40)])).toBe(20);
  });

  it('falls back to the shop’s rhythm: the median of its repeat buyers’ own intervals', () => {
    const s = '2026-01-01T00:00:00.000Z';
    const shop = shopIntervalDays([
      [s, daysAfter(s, 10)],
      [s, daysAfter(s, 30), daysAfter(s, 60)],
      [s],
      [s, daysAfter(s, 50)],
    ]);
    expect(shop).toBe(30);
    expect(shopIntervalDays([[s]])).toBeNull();
  });

  it('calls a customer silent after the longer of silent_days and twice their own interval', () => {
    expect(silentAfterDays(90, null)).toBe(90);
    expect(silentAfterDays(90, 20)).toBe(90);
    expect(silentAfterDays(90, 80)).toBe(160);
    const last = '2026-01-01T00:00:00.000Z';
    // A weekly buyer is silent at 90 days; one who buys every 80 days is still fine at 100.
    expect(isSilent(last, 90, 7, at(daysAfter(last, 90)))).toBe(true);
    expect(isSilent(last, 90, 80, at(daysAfter(last, 100)))).toBe(false);
    expect(isSilent(last, 90, 80, at(daysAfter(last, 160)))).toBe(true);
    expect(isSilent(null, 90, null, at(last))).toBe(false);
  });

  it('uses the same rule for the lifecycle segment automations act on', () => {
    const thresholds = { active_days: 30, silent_days: 90, high_value_orders: 3 };
    const base = { orders_count: 2, total_spent: 5000, created_at: '2025-01-01T00:00:00.000Z' };
    const last = '2026-01-01T00:00:00.000Z';
    const now = at(daysAfter(last, 100));
    expect(lifecycleSegmentOf({ ...base, last_order_at: last }, thresholds, 80, now, null)).toBe('purchased');
    expect(lifecycleSegmentOf({ ...base, last_order_at: last }, thresholds, 20, now, null)).toBe('silent');
    expect(
      lifecycleSegmentOf({ ...base, orders_count: 0, last_order_at: null }, thresholds, null, now, null),
    ).toBe('new');
  });

  it('puts the repurchase moment one usual interval after the last order', () => {
    expect(repurchaseDueAt('2026-01-01T00:00:00.000Z', 20)?.toISOString()).toBe('2026-01-21T00:00:00.000Z');
    expect(repurchaseDueAt(null, 20)).toBeNull();
    expect(repurchaseDueAt('2026-01-01T00:00:00.000Z', null)).toBeNull();
  });
});

describe('which occurrence of a trigger is happening', () => {
  const facts = (over: Partial<AutomationFacts> = {}): AutomationFacts => ({
    created_at: '2026-01-01T00:00:00.000Z',
    orders_count: 0,
    birthday: null,
    points_balance: 0,
    orderTimes: [],
    segment: 'new',
    segmentSince: '2026-01-01T00:00:00.000Z',
    tier: null,
    tierChangedAt: null,
    intervalDays: null,
    pointsExpireAt: null,
    ...over,
  });

  it('keys a segment entry by when it was entered, so re-entering is a new occurrence', () => {
    const t = { type: 'segment.entered', segment: 'silent' } as const;
    const now = at('2026-06-01T00:00:00.000Z');
    expect(occurrenceOf(t, facts({ segment: 'silent', segmentSince: '2026-05-01T00:00:00.000Z' }), now)).toBe(
      'silent@2026-05-01T00:00:00.000Z',
    );
    expect(occurrenceOf(t, facts({ segment: 'purchased' }), now)).toBeNull();
  });

  it('nudges on day n only without an order, and not years late', () => {
    const t = { type: 'customer.day_n', days: 7 } as const;
    expect(occurrenceOf(t, facts(), at('2026-01-07T23:00:00.000Z'))).toBeNull();
    expect(occurrenceOf(t, facts(), at('2026-01-08T01:00:00.000Z'))).toBe('day7');
    expect(occurrenceOf(t, facts({ orders_count: 1 }), at('2026-01-08T01:00:00.000Z'))).toBeNull();
    expect(occurrenceOf(t, facts(), at('2027-01-08T01:00:00.000Z'))).toBeNull();
  });

  it('celebrates birthdays once a year and the nth order once', () => {
    expect(
      occurrenceOf(
        { type: 'customer.birthday' },
        facts({ birthday: '1990-03-06' }),
        at('2026-03-06T10:00:00Z'),
      ),
    ).toBe('2026');
    expect(
      occurrenceOf({ type: 'customer.birthday' }, facts({ birthday: '03-07' }), at('2026-03-06T10:00:00Z')),
    ).toBeNull();
    const times = ['2026-02-01T00:00:00.000Z', '2026-03-01T00:00:00.000Z'];
    expect(
      occurrenceOf({ type: 'order.nth', n: 2 }, facts({ orderTimes: times }), at('2026-03-02T00:00:00Z')),
    ).toBe('order2');
    expect(
      occurrenceOf({ type: 'order.nth', n: 3 }, facts({ orderTimes: times }), at('2026-03-02T00:00:00Z')),
    ).toBeNull();
  });

  it('warns of expiring points in the days before, keyed by the expiry', () => {
    const t = { type: 'points.expiring', days_before: 14 } as const;
    const expiry = at('2026-07-01T00:00:00.000Z');
    const f = facts({ points_balance: 300, pointsExpireAt: expiry });
    expect(occurrenceOf(t, f, at('2026-06-16T00:00:00Z'))).toBeNull();
    expect(occurrenceOf(t, f, at('2026-06-18T00:00:00Z'))).toBe('expires@2026-07-01T00:00:00.000Z');
    expect(occurrenceOf(t, f, at('2026-07-01T00:00:00Z'))).toBeNull();
    expect(occurrenceOf(t, facts({ pointsExpireAt: expiry }), at('2026-06-18T00:00:00Z'))).toBeNull();
  });

  it('follows tier changes, optionally into one tier', () => {
    const f = facts({ tier: 'Gold', tierChangedAt: '2026-04-01T00:00:00.000Z' });
    const now = at('2026-04-01T01:00:00Z');
    expect(occurrenceOf({ type: 'tier.changed' }, f, now)).toBe('Gold@2026-04-01T00:00:00.000Z');
    expect(occurrenceOf({ type: 'tier.changed', to: 'Silver' }, f, now)).toBeNull();
    expect(occurrenceOf({ type: 'tier.changed' }, facts({ tier: 'Gold' }), now)).toBeNull();
  });

  it('opens calendar windows every year, also over New Year', () => {
    expect(dateWindowStart('11-27', '11-30', at('2026-11-28T00:00:00Z'))).toBe('2026-11-27');
    expect(dateWindowStart('11-27', '11-30', at('2026-12-01T00:00:00Z'))).toBeNull();
    expect(dateWindowStart('12-26', '01-02', at('2027-01-01T00:00:00Z'))).toBe('2026-12-26');
    expect(dateWindowStart('12-26', '01-02', at('2026-12-27T00:00:00Z'))).toBe('2026-12-26');
    expect(dateWindowStart('2026-05-01', '2026-05-03', at('2027-05-02T00:00:00Z'))).toBeNull();
  });

  it('reminds one usual interval after the last order, never a silent customer', () => {
    const f = facts({
      orders_count: 1,
      segment: 'purchased',
      orderTimes: ['2026-01-01T00:00:00.000Z'],
      intervalDays: 30,
    });
    expect(occurrenceOf({ type: 'repurchase.due' }, f, at('2026-01-30T00:00:00Z'))).toBeNull();
    expect(occurrenceOf({ type: 'repurchase.due' }, f, at('2026-01-31T00:00:00Z'))).toBe(
      'after@2026-01-01T00:00:00.000Z',
    );
    expect(
      occurrenceOf({ type: 'repurchase.due' }, { ...f, segment: 'silent' }, at('2026-03-31T00:00:00Z')),
    ).toBeNull();
  });
});

describe('rules in force', () => {
  it('follows the five segments by default, each switchable, and lets a rule replace a default', () => {
    const all = effectiveRules(v.parse(AutomationsSchema, {}));
    expect(all.map((r) => r.id)).toEqual([
      'default.day7_nudge',
      'default.repurchase_reminder',
      'default.vip_perk',
      'default.win_back',
      'default.points_expiring',
    ]);
    const some = effectiveRules(
      v.parse(AutomationsSchema, {
        defaults: { day7_nudge: false },
        rules: [
          { id: 'default.win_back', trigger: { type: 'segment.entered', segment: 'silent' }, webhook: false },
          { id: 'bf', enabled: false, trigger: { type: 'date', start: '11-27', end: '11-30' } },
        ],
      }),
    );
    expect(some.map((r) => r.id)).toEqual([
      'default.repurchase_reminder',
      'default.vip_perk',
      'default.points_expiring',
      'default.win_back',
    ]);
    expect(some.at(-1)).toMatchObject({ reward: null, webhook: false });
    expect(effectiveRules(v.parse(AutomationsSchema, { enabled: false }))).toEqual([]);
  });
});

describe('campaign boosts', () => {
  const campaigns = [
    {
      id: 'a',
      name: 'Double referrals',
      starts_at: '2026-05-01T00:00:00.000Z',
      ends_at: '2026-05-08T00:00:00.000Z',
      referral_multiplier: 2,
      points_multiplier: 1,
    },
    {
      id: 'b',
      name: 'Triple points',
      starts_at: '2026-05-05T00:00:00.000Z',
      ends_at: '2026-05-06T00:00:00.000Z',
      referral_multiplier: 1,
      points_multiplier: 3,
    },
  ];
  it('apply only while running, the largest of overlapping ones', () => {
    expect(referralBoost(campaigns, at('2026-04-30T23:59:59Z'))).toBe(1);
    expect(referralBoost(campaigns, at('2026-05-05T12:00:00Z'))).toBe(2);
    expect(pointsBoost(campaigns, at('2026-05-05T12:00:00Z'))).toBe(3);
    expect(referralBoost(campaigns, at('2026-05-08T00:00:00Z'))).toBe(1);
  });
  it('multiply every kind of reward, a percentage up to 100', () => {
    expect(boostReward({ type: 'amount_off', amount: 1000, currency: 'USD' }, 2)).toEqual({
      type: 'amount_off',
      amount: 2000,
      currency: 'USD',
    });
    expect(boostReward({ type: 'points', points: 75 }, 1.5)).toEqual({ type: 'points', points: 112 });
    expect(boostReward({ type: 'percent_off', percent: 60 }, 2)).toEqual({
      type: 'percent_off',
      percent: 100,
    });
  });
});
