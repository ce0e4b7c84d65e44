// Numbers and amounts in the visitor's locale. The bootstrap answer says how the locale writes them
// (`number_format`, read from the server's Intl), and string operations do the rest: a browser's first
// `Intl.NumberFormat`, whatever its options, loads ICU number data for 40–200 ms on a phone — a long
// task on the merchant's page. Intl stays the fallback (a currency the answer did not mention, an
// older server), each formatter built once and kept, since building is the expensive part.
import type { ClientState } from '../../sdk/src/browser/types.ts';

export type NumberFormatSpec = NonNullable<ClientState['number_format']>;

const specs = new Map<string, NumberFormatSpec>();
const formatters = new Map<string, Intl.NumberFormat>();
const plurals = new Map<string, Intl.PluralRules>();

/** Makes `spec` the way numbers are written for its locale from now on (the latest answer wins). */
export function rememberNumberFormat(spec: NumberFormatSpec | undefined): void {
  if (spec) specs.set(spec.locale, spec);
}

/** The one `Intl.NumberFormat` for these arguments, built on first use. */
export function intlNumberFormat(locale: string, options: Intl.NumberFormatOptions = {}): Intl.NumberFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.NumberFormat(locale, options);
    formatters.set(key, formatter);
  }
  return formatter;
}

/** The CLDR plural category of `count` ("one", "few", "other"…), from one cached `Intl.PluralRules`. */
export function pluralCategory(count: number, locale: string): string {
  let rules = plurals.get(locale);
  if (!rules) {
    rules = new Intl.PluralRules(locale);
    plurals.set(locale, rules);
  }
  return rules.select(count);
}

/** `value` with `fraction` decimals (or up to 3, trailing zeros dropped), in the spec's digits. */
function written(spec: NumberFormatSpec, value: number, fraction?: number): string {
  const abs = Math.abs(value);
  const [int = '', decimals] = (
    fraction === undefined ? String(Math.round(abs * 1000) / 1000) : abs.toFixed(fraction)
  ).split('.');
  const grouped = int.length >= 3 + spec.min_grouping ? int.replace(/\B(?=(\d{3})+$)/g, ',') : int;
  const digits = (text: string) => text.replace(/\d/g, (digit) => spec.digits[Number(digit)] ?? digit);
  const text = digits(grouped).replace(/,/g, spec.group) + (decimals ? spec.decimal + digits(decimals) : '');
  return value < 0 ? spec.minus + text : text;
}

export function formatNumber(value: number, locale: string): string {
  const spec = specs.get(locale);
  return spec ? written(spec, value) : intlNumberFormat(locale).format(value);
}

/** `percent` out of 100, rounded to a whole percent as Intl's percent style does. */
export function formatPercent(percent: number, locale: string): string {
  const spec = specs.get(locale);
  return spec
    ? spec.percent.replace('#', () => written(spec, percent, 0))
    : intlNumberFormat(locale, { style: 'percent' }).format(percent / 100);
}

/** Minor units to a localized amount; whole amounts drop their zero decimals ("$10", not "$10.00"). */
export function formatMoney(amount: number, currency: string, locale: string): string {
  const spec = specs.get(locale);
  const money = spec?.currencies[currency];
  if (spec && money) {
    const scale = 10 ** money.digits;
    return money.pattern.replace('#', () => written(spec, amount / scale, amount % scale ? money.digits : 0));
  }
  try {
    const digits = intlNumberFormat(locale, { style: 'currency', currency }).resolvedOptions()
      .maximumFractionDigits as number;
    const scale = 10 ** digits;
    const minimumFractionDigits = amount % scale === 0 ? 0 : digits;
    return intlNumberFormat(locale, { style: 'currency', currency, minimumFractionDigits }).format(
      amount / scale,
    );
  } catch {
    return `${amount / 100} ${currency}`;
  }
}
