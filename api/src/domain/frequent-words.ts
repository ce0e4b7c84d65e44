// The words that come back most in a set of free-text answers: where the month's review starts.
import { stopWordsFor } from './stop-words.ts';

export interface WordCount {
  word: string;
  count: number;
}

/** A locale `Intl` accepts, else English: stored answers must never make the ranking throw. */
function knownLocale(locale: string | null): string {
  try {
    return Intl.getCanonicalLocales(locale ?? 'en')[0] ?? 'en';
  } catch {
    return 'en';
  }
}

/**
 * Counts each word once per answer (one angry essay must not outweigh ten short complaints), skipping
 * the answer's language's stop words and one-letter Latin tokens. `Intl.Segmenter` finds words in
 * languages written without spaces (Japanese, Chinese) too.
 */
export function frequentWords(
  answers: readonly { text: string; locale: string | null }[],
  top = 20,
): WordCount[] {
  const counts = new Map<string, number>();
  for (const { text, locale } of answers) {
    const lang = knownLocale(locale);
    const stop = stopWordsFor(lang);
    const segmenter = new Intl.Segmenter(lang, { granularity: 'word' });
    const seen = new Set<string>();
    for (const part of segmenter.segment(text.toLocaleLowerCase(lang))) {
      const word = part.segment;
      if (!part.isWordLike || stop.has(word) || /^[\p{Script=Latin}\d]$/u.test(word) || /^\d+$/.test(word))
        continue;
      seen.add(word);
    }
    for (const word of seen) counts.set(word, (counts.get(word) ?? 0) + 1);
  }
  return [...counts]
    .map(([word, count]) => ({ word, count }))
    .sort((a, b) => b.count - a.count || (a.word < b.word ? -1 : a.word > b.word ? 1 : 0))
    .slice(0, top);
}
