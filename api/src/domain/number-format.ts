// How the visitor's locale writes numbers, percentages and the program's currencies, read from the
// server's Intl once per locale and sent in the bootstrap answer. The widget formats amounts from it
// with string operations: a browser's first `Intl.NumberFormat` loads ICU number data for 40–200 ms
// on a phone, a long task on a page the merchant does not want slowed down.
import type { NumberFormatSpec } from '../schemas/client.ts';

const SAMPLE = 1234567.5;
/** Distinct locales are few in practice; a client sending random tags must not grow memory forever. */
const MAX_CACHED = 500;
const cache = new Map<string, NumberFormatSpec | null>();

/** The text around the number ('#'), e.g. "$#", "# €", "#%"; null if the number is not one run. */
function patternOf(parts: Intl.NumberFormatPart[]): string | null {
  const numeric = new Set(['integer', 'group', 'decimal', 'fraction']);
  const first = parts.findIndex((part) => numeric.has(part.type));
  const last = parts.findLastIndex((part) => numeric.has(part.type));
  if (first < 0 || parts.slice(first, last + 1).some((part) => !numeric.has(part.type))) return null;
  const text = (from: number, to?: number) =>
    parts
      .slice(from, to)
      .map((part) => part.value)
      .join('');
  return `${text(0, first)}#${text(last + 1)}`;
}

function build(locale: string, currencies: string[]): NumberFormatSpec | null {
  const plain = new Intl.NumberFormat(locale);
  const parts = plain.formatToParts(-SAMPLE);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  // The minus sign with whatever marks come with it (Arabic writes a left-to-right mark before it).
  const negative = patternOf(parts);
  if (negative === null || !negative.endsWith('#')) return null;
  const digits = Array.from({ length: 10 }, (_, digit) => plain.format(digit));
  // Only one-character digits and a plain three-digit grouping can be rebuilt by string operations.
  if (digits.some((digit) => digit.length !== 1)) return null;
  const integers = parts.filter((p) => p.type === 'integer').map((p) => p.value.length);
  if (integers.length !== 3 || integers[1] !== 3 || integers[2] !== 3) return null;
  const percent = patternOf(new Intl.NumberFormat(locale, { style: 'percent' }).formatToParts(0.5));
  if (percent === null) return null;
  const spec: NumberFormatSpec = {
    locale,
    digits: digits.join(''),
    decimal: part('decimal'),
    group: part('group'),
    minus: negative.slice(0, -1),
    min_grouping: plain.formatToParts(1234).some((p) => p.type === 'group') ? 1 : 2,
    percent,
    currencies: {},
  };
  for (const currency of currencies) {
    const money = new Intl.NumberFormat(locale, { style: 'currency', currency });
    const pattern = patternOf(money.formatToParts(SAMPLE));
    if (pattern === null) return null;
    spec.currencies[currency] = { pattern, digits: money.resolvedOptions().maximumFractionDigits ?? 2 };
  }
  return spec;
}

/**
 * The number format of `locale` for `currencies`, or undefined when the locale is unknown to Intl or
 * writes numbers in a way string operations cannot rebuild (the widget then uses the browser's Intl).
 */
export function numberFormatFor(
  locale: string | null | undefined,
  currencies: string[],
): NumberFormatSpec | undefined {
  if (!locale) return undefined;
  const sorted = [...new Set(currencies)].sort();
  const key = `${locale}|${sorted.join(',')}`;
  let spec = cache.get(key);
  if (spec === undefined) {
    try {
      spec = build(locale, sorted);
    } catch {
      spec = null; // RangeError: not a locale tag, or not a currency code
    }
    if (cache.size >= MAX_CACHED) cache.clear();
    cache.set(key, spec);
  }
  return spec ?? undefined;
}

/** Every currency code a value mentions (`{…, currency: 'EUR'}` at any depth), for {@link numberFormatFor}. */
export function currenciesIn(value: unknown): string[] {
  const found = new Set<string>();
  collectCurrencies(value, found);
  return [...found];
}

// Walks the whole bootstrap answer on every page view with a locale: no arrays of entries built, and
// strings and numbers (most of the answer) are not descended into.
function collectCurrencies(value: unknown, found: Set<string>): void {
  if (value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    for (const item of value) collectCurrencies(item, found);
    return;
  }
  const record = value as Record<string, unknown>;
  for (const key in record) {
    if (!Object.hasOwn(record, key)) continue;
    const item = record[key];
    if (key === 'currency' && typeof item === 'string') found.add(item);
    else collectCurrencies(item, found);
  }
}
