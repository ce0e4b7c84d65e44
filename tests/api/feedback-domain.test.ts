// The pure parts of the survey: who counts as promoter or detractor, which orders are asked, and
// which words of the unhappy answers rise to the top.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isSurveyedOrder } from '../../api/src/domain/feedback-sampling.ts';
import { frequentWords } from '../../api/src/domain/frequent-words.ts';
import { npsOf } from '../../api/src/domain/nps.ts';

describe('NPS', () => {
  it('is promoters (9–10) minus detractors (0–6) in points of all answers, by hand', () => {
    // 11 answers, one per score: promoters 9 and 10 (2), passives 7 and 8 (2), detractors 0–6 (7).
    const summary = npsOf([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((score) => ({ score, n: 1 })));
    expect(summary).toEqual({ responses: 11, promoters: 2, passives: 2, detractors: 7, nps: -45.5 });
    expect(npsOf([{ score: 10, n: 3 }])).toMatchObject({ nps: 100 });
    expect(npsOf([])).toMatchObject({ responses: 0, nps: null });
  });

  it('always lies between −100 and 100', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ score: fc.integer({ min: 0, max: 10 }), n: fc.nat(50) })),
        (counts) => {
          const { nps, responses } = npsOf(counts);
          if (responses === 0) return nps === null;
          return nps !== null && nps >= -100 && nps <= 100;
        },
      ),
    );
  });
});

describe('asking every n-th order', () => {
  it('asks every order at 1 and about one in n otherwise, the same orders every time', () => {
    const ids = Array.from({ length: 3000 }, (_, i) => `#${1000 + i}`);
    expect(ids.every((id) => isSurveyedOrder(id, 1))).toBe(true);
    const asked = ids.filter((id) => isSurveyedOrder(id, 3)).length;
    expect(asked).toBeGreaterThan(850);
    expect(asked).toBeLessThan(1150);
    expect(ids.filter((id) => isSurveyedOrder(id, 3))).toEqual(ids.filter((id) => isSurveyedOrder(id, 3)));
  });
});

describe('frequent words', () => {
  it('counts a word once per answer, leaves out stop words, and reads Japanese without spaces', () => {
    expect(
      frequentWords([
        { text: 'Slow slow slow!!!', locale: 'en' },
        { text: 'The delivery was slow', locale: 'en' },
        { text: 'Delivery', locale: 'xx-invalid-locale-tag-' },
      ]),
    ).toEqual([
      { word: 'delivery', count: 2 },
      { word: 'slow', count: 2 },
    ]);
    const japanese = frequentWords([{ text: '配送が遅い', locale: 'ja' }]).map((w) => w.word);
    expect(japanese).toContain('配送');
    expect(japanese).not.toContain('が');
  });
});
