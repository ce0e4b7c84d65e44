/** Time is injected so tests can move it; production uses the wall clock. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock tests can set and advance. */
export function manualClock(start = new Date('2026-01-01T00:00:00.000Z')) {
  let current = start.getTime();
  return {
    now: () => new Date(current),
    set(date: Date | string) {
      current = new Date(date).getTime();
    },
    advance(ms: number) {
      current += ms;
    },
  } satisfies Clock & Record<string, unknown>;
}

export const DAY_MS = 86_400_000;
