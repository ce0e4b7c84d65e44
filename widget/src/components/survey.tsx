// The post-purchase survey: a 0–10 recommend score and three short answers, one submit. Ships in its
// own `survey` chunk, fetched only when an order is to be asked (see survey-slot.tsx).
import { useSignal } from '@preact/signals';
import { useEffect, useId, useRef } from 'preact/hooks';
import type { WidgetStore } from '../store.ts';

const QUESTIONS = ['liked_most', 'liked_least', 'suggestion'] as const;
const SCORES = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

export interface SurveyProps {
  s: WidgetStore;
  orderId: string;
  onSkip: () => void;
}

export function Survey({ s, orderId, onSkip }: SurveyProps) {
  const t = s.t.value;
  const id = useId();
  const score = useSignal<number | null>(null);
  const status = useSignal<'idle' | 'sending' | 'sent' | 'error' | 'missing'>('idle');
  const thanks = useRef<HTMLParagraphElement>(null);
  const sent = status.value === 'sent';
  // The form the shopper was typing in disappears: move focus to what replaced it, so a screen reader
  // announces it and the keyboard does not fall back to the top of the page.
  useEffect(() => {
    if (sent) thanks.current?.focus();
  }, [sent]);

  if (sent) {
    return (
      <p ref={thanks} tabIndex={-1} class="fw-box fw-survey-done">
        {t.feedback_thanks}
      </p>
    );
  }

  const submit = async (event: Event) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    if (score.value === null) {
      status.value = 'missing';
      form.querySelector<HTMLInputElement>('input[type=radio]')?.focus();
      return;
    }
    const answer = (name: string) => (form.elements.namedItem(name) as HTMLTextAreaElement).value;
    status.value = 'sending';
    try {
      await s.client.feedback({
        order_id: orderId,
        score: score.value,
        liked_most: answer('liked_most'),
        liked_least: answer('liked_least'),
        suggestion: answer('suggestion'),
        locale: s.locale,
      });
      status.value = 'sent';
    } catch {
      status.value = 'error';
    }
  };

  const message =
    status.value === 'missing' ? t.feedback_need_score : status.value === 'error' ? t.error : '';
  return (
    <form class="fw-survey" aria-labelledby={`${id}t`} onSubmit={submit} noValidate>
      <h3 id={`${id}t`}>{t.feedback_title}</h3>
      <fieldset class="fw-scale" aria-describedby={`${id}r`}>
        <legend>{t.feedback_score}</legend>
        <div class="fw-scores">
          {SCORES.map((n) => (
            <label key={n} class="fw-score">
              <input
                type="radio"
                name="score"
                value={n}
                checked={score.value === n}
                onChange={() => {
                  score.value = n;
                  if (status.value === 'missing') status.value = 'idle';
                }}
              />
              <span>{n}</span>
            </label>
          ))}
        </div>
        <p id={`${id}r`} class="fw-muted fw-hint">
          {t.feedback_score_range}
        </p>
      </fieldset>
      {QUESTIONS.map((name) => (
        <label key={name} class="fw-field">
          <span>{t[`feedback_${name}`]}</span>
          <textarea class="fw-input" name={name} rows={2} maxLength={1000} />
        </label>
      ))}
      <p class={`fw-status${message ? ' fw-error' : ''}`} role="status">
        {message}
      </p>
      <div class="fw-row">
        <button type="submit" class="fw-btn" disabled={status.value === 'sending'}>
          {t.feedback_submit}
        </button>
        <button type="button" class="fw-btn2" onClick={onSkip}>
          {t.feedback_skip}
        </button>
      </div>
    </form>
  );
}

export const surveyCss = `
.fw-survey{margin-top:14px;border-top:1px solid var(--fw-line);padding-top:4px}
.fw-scale{border:0;padding:0;margin:8px 0 0;min-width:0}
.fw-scale legend{padding:0;margin-bottom:6px;font-size:13px}
.fw-scores{display:grid;grid-template-columns:repeat(11,1fr);gap:3px}
.fw-score{position:relative}
.fw-score input{position:absolute;opacity:0;inset:0;margin:0}
.fw-score span{display:block;text-align:center;padding:6px 0;border:1px solid var(--fw-line);border-radius:6px;font-size:13px;background:var(--fw-soft)}
.fw-score input:checked+span{background:var(--fw-brand);color:var(--fw-on-brand);border-color:var(--fw-brand);font-weight:700}
.fw-score input:focus-visible+span{outline:2px solid var(--fw-brand);outline-offset:2px}
.fw-hint{font-size:12px;margin-top:4px}
.fw-survey textarea{width:100%;box-sizing:border-box;resize:vertical;font:inherit;color:inherit}
.fw-survey .fw-row{margin-top:4px}
.fw-survey-done{margin-top:14px}
`;

export interface SurveyModule {
  Survey: typeof Survey;
  css: string;
}
