// Per-batch expiry decided from the movements alone: spending takes the oldest points first, each
// earning expires on its own date, and the warning groups a frequent earner's many dates.
import { describe, expect, it } from 'vitest';
import { occurrenceOf } from '../../api/src/domain/automations.ts';
import {
  expiredBatches,
  nextBatchExpiry,
  type PointsMovement,
  remainingBatches,
} from '../../api/src/domain/points-batches.ts';

const DAY = 86_400_000;
const T0 = Date.parse('2026-01-01T00:00:00.000Z');
const day = (n: number) => new Date(T0 + n * DAY);
const move = (id: string, delta: number, onDay: number): PointsMovement => ({
  id,
  delta,
  created_at: day(onDay).toISOString(),
});

describe('points batches', () => {
  const history = [move('a', 100, 0), move('b', 200, 10), move('spend', -150, 20), move('c', 50, 35)];

  it('spends the oldest earning first', () => {
    expect(remainingBatches(history, 30).map((b) => [b.id, b.points])).toEqual([
      ['b', 150],
      ['c', 50],
    ]);
  });

  it('expires what is left of each earning on its own date', () => {
    const batches = remainingBatches(history, 30);
    expect(expiredBatches(batches, day(39))).toBeNull();
    expect(expiredBatches(batches, day(40))).toEqual({ points: 150, lastBatchId: 'b' });
    expect(expiredBatches(batches, day(70))).toEqual({ points: 200, lastBatchId: 'c' });
  });

  it('counts an expiry as points gone, so nothing expires twice', () => {
    const after = [...history, move('exp', -150, 40)];
    const batches = remainingBatches(after, 30);
    expect(expiredBatches(batches, day(41))).toBeNull();
    expect(nextBatchExpiry(batches, day(41))).toEqual({ at: day(65), points: 50 });
  });

  it('tells the next expiry and its points, none when all is spent', () => {
    expect(nextBatchExpiry(remainingBatches(history, 30), day(21))).toEqual({ at: day(40), points: 150 });
    expect(nextBatchExpiry(remainingBatches([move('a', 100, 0), move('s', -100, 1)], 30), day(2))).toBeNull();
  });

  it('warns a daily earner once per warning span, not once a day', () => {
    const trigger = { type: 'points.expiring', days_before: 14 } as const;
    const base = {
      created_at: day(-400).toISOString(),
      orders_count: 0,
      birthday: null,
      points_balance: 500,
      orderTimes: [],
      segment: 'active' as const,
      segmentSince: day(-400).toISOString(),
      tier: null,
      tierChangedAt: null,
      intervalDays: null,
      expiryMode: 'batch' as const,
    };
    const occurrences = new Set<string>();
    // Earning every day: the oldest batch expires the day after each pass.
    for (let d = 0; d < 28; d++) {
      const o = occurrenceOf(trigger, { ...base, pointsExpireAt: day(d + 1) }, day(d));
      if (o) occurrences.add(o);
    }
    expect(occurrences.size).toBeGreaterThanOrEqual(2);
    expect(occurrences.size).toBeLessThanOrEqual(3);
    // The idle mode keeps one warning per expiry date.
    expect(occurrenceOf(trigger, { ...base, expiryMode: 'idle', pointsExpireAt: day(10) }, day(1))).toBe(
      `expires@${day(10).toISOString()}`,
    );
  });
});
