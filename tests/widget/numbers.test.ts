// Amounts on a friend's first visit are written from the bootstrap answer's number format, not by the
// browser's Intl (whose first formatter costs a phone 40–200 ms), and read exactly as Intl writes them.
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { numberFormatFor } from '../../api/src/domain/number-format.ts';

const LOCALES = ['en', 'de', 'fr', 'es', 'ja', 'zh-CN', 'ar'];
const CURRENCIES = ['USD', 'EUR', 'JPY', 'GBP'];

/** What the widget wrote before: Intl, whole amounts without their zero decimals. */
function intlMoney(amount: number, currency: string, locale: string): string {
  const digits = new Intl.NumberFormat(locale, { style: 'currency', currency }).resolvedOptions()
    .maximumFractionDigits as number;
  const scale = 10 ** digits;
  const minimumFractionDigits = amount % scale === 0 ? 0 : digits;
  return new Intl.NumberFormat(locale, { style: 'currency', currency, minimumFractionDigits }).format(
    amount / scale,
  );
}

type Built = 'NumberFormat' | 'PluralRules' | 'DateTimeFormat';
const restore: (() => void)[] = [];

/** Counts how many `Intl[name]` objects get built from now on (until the test ends). */
function countBuilt(name: Built): () => number {
  const original = Intl[name];
  let built = 0;
  Object.assign(Intl, {
    [name]: new Proxy(original, {
      construct(target, args) {
        built++;
        return Reflect.construct(target, args);
      },
      apply(target, self, args) {
        built++;
        return Reflect.apply(target, self, args);
      },
    }),
  });
  restore.push(() => Object.assign(Intl, { [name]: original }));
  return () => built;
}

afterEach(() => {
  for (const undo of restore.splice(0)) undo();
  vi.resetModules();
});

describe('numbers in the widget', () => {
  it('imports without building any Intl formatter: nothing heavy runs before the first paint', async () => {
    vi.resetModules();
    const built = (['NumberFormat', 'PluralRules', 'DateTimeFormat'] as const).map(countBuilt);
    await import('../../widget/src/boot.tsx');
    await import('../../widget/src/components/cards.tsx');
    await import('../../widget/src/format.ts');
    expect(built.map((count) => count())).toEqual([0, 0, 0]);
  });

  it('writes amounts, counts and percentages from the bootstrap format exactly as Intl would, without Intl', async () => {
    const numbers = await import('../../widget/src/numbers.ts');
    for (const locale of LOCALES) numbers.rememberNumberFormat(numberFormatFor(locale, CURRENCIES));
    const cases = fc.tuple(
      fc.constantFrom(...LOCALES),
      fc.constantFrom(...CURRENCIES),
      fc.integer({ min: 1, max: 1_000_000_000 }),
      fc.integer({ min: -10_000_000, max: 10_000_000 }),
      fc.integer({ min: 1, max: 100 }),
    );
    const expected = fc.sample(cases, 300).map(([locale, currency, amount, count, percent]) => ({
      args: { locale, currency, amount, count, percent },
      money: intlMoney(amount, currency, locale),
      count: new Intl.NumberFormat(locale).format(count),
      percent: new Intl.NumberFormat(locale, { style: 'percent' }).format(percent / 100),
    }));
    const built = countBuilt('NumberFormat');
    for (const { args, ...written } of expected) {
      expect(numbers.formatMoney(args.amount, args.currency, args.locale), JSON.stringify(args)).toBe(
        written.money,
      );
      expect(numbers.formatNumber(args.count, args.locale)).toBe(written.count);
      expect(numbers.formatPercent(args.percent, args.locale)).toBe(written.percent);
    }
    expect(built()).toBe(0);
  });

  it('falls back to Intl for a currency the answer did not mention, building each formatter once', async () => {
    const numbers = await import('../../widget/src/numbers.ts');
    const { fill } = await import('../../widget/src/i18n/locale.ts');
    numbers.rememberNumberFormat(numberFormatFor('en', ['USD']));
    const [francs, cents] = [intlMoney(1000, 'CHF', 'en'), intlMoney(990, 'CHF', 'en')];
    const built = countBuilt('NumberFormat');
    const plural = countBuilt('PluralRules');
    expect(numbers.formatMoney(1000, 'CHF', 'en')).toBe(francs);
    const first = built();
    expect(first).toBeGreaterThan(0);
    expect(numbers.formatMoney(1000, 'CHF', 'en')).toBe(francs);
    expect(numbers.formatMoney(990, 'CHF', 'en')).toBe(cents);
    expect(built()).toBe(first + 1); // 9.90 needs the two-decimal formatter, once
    const points = '{points, plural, one {# point} other {# points}}';
    expect([1, 2, 1500].map((count) => fill(points, { points: count }, 'de'))).toEqual([
      '1 point',
      '2 points',
      '1.500 points',
    ]);
    expect(plural()).toBe(1);
  });
});
