// The merchant's shopper-facing texts for one locale: exact match, then the base language.
export function textsForLocale(
  texts: Record<string, Record<string, string>>,
  locale: string | undefined,
): Record<string, string> {
  if (!locale) return texts.en ?? {};
  const base = locale.split('-')[0]!;
  return { ...(texts[base] ?? {}), ...(texts[locale] ?? {}) };
}

/** "Ann Lee" → "Ann": a friend sees the referrer's first name only. */
export function firstName(name: string | null | undefined): string | null {
  const first = name?.trim().split(/\s+/)[0];
  return first ? first : null;
}
