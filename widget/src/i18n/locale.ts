import { formatNumber, pluralCategory } from '../numbers.ts';
import type { Messages } from './en.ts';

export const SUPPORTED_LOCALES = ['en', 'zh-CN', 'es', 'fr', 'de', 'ja', 'ar'] as const;
const RTL = ['ar', 'he', 'fa', 'ur'];

/** First candidate we have a catalog for, by exact tag, then language (zh-* maps to zh-CN); else en. */
export function resolveLocale(...candidates: (string | null | undefined)[]): string {
  for (const candidate of candidates) {
    if (!candidate) continue;
    const tag = candidate.trim().replace('_', '-').toLowerCase();
    const exact = SUPPORTED_LOCALES.find((l) => l.toLowerCase() === tag);
    if (exact) return exact;
    const lang = tag.split('-')[0];
    if (lang === 'zh') return 'zh-CN';
    const base = SUPPORTED_LOCALES.find((l) => l === lang);
    if (base) return base;
  }
  return 'en';
}

export function directionOf(locale: string): 'rtl' | 'ltr' {
  return RTL.includes(locale.split('-')[0] ?? '') ? 'rtl' : 'ltr';
}

const PLACEHOLDER = /\{(\w+)(?:, ?plural,((?:[^{}]|\{[^{}]*\})*))?\}/g;
const BRANCH = /(=\d+|\w+) ?\{([^{}]*)\}/g;

/**
 * Fills `{name}` placeholders, formatting numbers for the locale. A count takes ICU's plural form,
 * `{points, plural, one {# point} other {# points}}`: the branch `=N` matching it exactly, else the
 * locale's plural category ("one", "few"…), else `other`; `#` is the number.
 * Values end up as text nodes, never markup.
 */
export function fill(template: string, values: Record<string, string | number> = {}, locale = 'en'): string {
  return template.replace(PLACEHOLDER, (whole, name: string, branches: string | undefined) => {
    if (!(name in values)) return whole;
    const value = values[name] as string | number;
    const text = typeof value === 'number' ? formatNumber(value, locale) : value;
    if (branches === undefined) return text;
    const forms: Record<string, string> = {};
    for (const [, key, form] of branches.matchAll(BRANCH)) forms[key as string] = form as string;
    const count = Number(value);
    const form = forms[`=${count}`] ?? forms[pluralCategory(count, locale)] ?? forms.other ?? '';
    return form.replace(/#/g, text);
  });
}

/** Defaults, then the locale's catalog, then the merchant's texts (strings only). */
export function mergeMessages(
  base: Partial<Messages>,
  catalog: Partial<Messages> | undefined,
  texts: Record<string, unknown> | undefined,
): Messages {
  const merged = { ...base, ...catalog } as Messages;
  for (const [key, value] of Object.entries(texts ?? {})) {
    if (key in base && typeof value === 'string') merged[key as keyof Messages] = value;
  }
  return merged;
}
