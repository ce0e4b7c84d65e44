// The loyalty part of the program editor: earn rules, expiry, how tiers are earned, the tiers and the
// redemption options. Only what changed is sent (PUT /v1/program, `loyalty` only); a refused field is
// named next to its control, and a list that is not valid JSON is stopped here before any request.
import { useState } from 'preact/hooks';
import type { ProgramObject } from '../../src/schemas/program.ts';
import { ApiFailure, type FieldError, messageOf } from './api.ts';
import { saveProgram } from './program-store.ts';

type Loyalty = ProgramObject['loyalty'];

/** Each control, by the `loyalty` key it edits (the API's `param` is `loyalty.<key>…`). */
const KEYS = [
  'points_per_unit',
  'signup_points',
  'birthday_points',
  'points_expiry_days',
  'points_expiry_mode',
  'tier_basis',
  'tier_window_months',
  'tiers',
  'redemption_options',
] as const;
type Key = (typeof KEYS)[number];
type Draft = Record<Key, string>;

const LISTS: readonly Key[] = ['tiers', 'redemption_options'];
/** Blank means null for these: points never expire, tiers count a lifetime. */
const NULLABLE: readonly Key[] = ['points_expiry_days', 'tier_window_months'];
const CHOICES: Partial<Record<Key, readonly string[]>> = {
  points_expiry_mode: ['idle', 'batch'],
  tier_basis: ['points', 'spend'],
};

const LABELS: Record<Key, string> = {
  points_per_unit: 'Points per currency unit spent',
  signup_points: 'Sign-up points',
  birthday_points: 'Birthday points',
  points_expiry_days: 'Points expire after (days)',
  points_expiry_mode: 'Expiry counts from',
  tier_basis: 'Tiers are earned by',
  tier_window_months: 'Tier window (months)',
  tiers: 'Tiers (JSON)',
  redemption_options: 'Redemption options (JSON)',
};

const HINTS: Partial<Record<Key, string>> = {
  points_expiry_days: 'Blank: points never expire.',
  points_expiry_mode:
    'idle: the whole balance after that long without activity; batch: each earning, that long after it was earned.',
  tier_basis: 'points earned, or spend in the tier currency.',
  tier_window_months: 'Rolling window; blank counts the whole lifetime.',
  tiers: 'Lowest first: [{"name":"Silver","threshold_points":1000,"multiplier":1.25}]',
  redemption_options: '[{"id":"ship","points":300,"reward":{"type":"free_shipping"}}]',
};

const idOf = (key: Key) => `loyalty-${key.replaceAll('_', '-')}`;

function draftFrom(loyalty: Loyalty): Draft {
  const draft = {} as Draft;
  for (const key of KEYS) {
    const value = loyalty[key];
    draft[key] = LISTS.includes(key) ? JSON.stringify(value, null, 2) : value === null ? '' : String(value);
  }
  return draft;
}

/** The value to send for a control, or a message when the text cannot be read. */
function readControl(key: Key, text: string): { value: unknown } | { problem: string } {
  if (LISTS.includes(key)) {
    try {
      return { value: JSON.parse(text) };
    } catch {
      return { problem: 'is not valid JSON.' };
    }
  }
  if (CHOICES[key]) return { value: text };
  if (text.trim() === '') return { value: NULLABLE.includes(key) ? null : text };
  const number = Number(text);
  // Not a number: sent as typed, so the API names the field.
  return { value: Number.isFinite(number) ? number : text };
}

export function LoyaltyForm({ program }: { program: ProgramObject }) {
  const [draft, setDraft] = useState(() => draftFrom(program.loyalty));
  const [errors, setErrors] = useState<Partial<Record<Key, string | FieldError>>>({});
  const [notice, setNotice] = useState('');
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const showErrors = (byKey: Partial<Record<Key, string | FieldError>>) => {
    setErrors(byKey);
    const first = KEYS.find((key) => byKey[key]);
    if (first) setTimeout(() => document.getElementById(idOf(first))?.focus());
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    setErrors({});
    setFormError(null);
    const saved = draftFrom(program.loyalty);
    const patch: Record<string, unknown> = {};
    const problems: Partial<Record<Key, string>> = {};
    for (const key of KEYS) {
      if (draft[key] === saved[key]) continue;
      const read = readControl(key, draft[key]);
      if ('problem' in read) problems[key] = read.problem;
      else patch[key] = read.value;
    }
    if (Object.keys(problems).length > 0) return showErrors(problems);
    if (Object.keys(patch).length === 0) return setNotice('Nothing changed.');
    setBusy(true);
    try {
      const next = await saveProgram({ loyalty: patch });
      setDraft(draftFrom(next.loyalty));
      setNotice('Saved. Shoppers see the change on their next page view.');
    } catch (failure) {
      setNotice('');
      if (!(failure instanceof ApiFailure) || failure.status !== 400) return setFormError(messageOf(failure));
      const listed = failure.errors.length
        ? failure.errors
        : failure.param
          ? [{ param: failure.param, message: failure.message }]
          : [];
      const byKey: Partial<Record<Key, FieldError>> = {};
      for (const error of listed) {
        const key = KEYS.find(
          (k) => error.param === `loyalty.${k}` || error.param.startsWith(`loyalty.${k}.`),
        );
        if (key && !byKey[key]) byKey[key] = error;
      }
      if (KEYS.some((key) => byKey[key])) showErrors(byKey);
      else setFormError(failure.message);
    } finally {
      setBusy(false);
    }
  };

  const control = (key: Key) => {
    const id = idOf(key);
    const error = errors[key];
    const common = {
      id,
      'aria-invalid': error ? true : undefined,
      'aria-describedby': `${id}-hint ${id}-error`,
    };
    const onInput = (event: { currentTarget: { value: string } }) => {
      setDraft((current) => ({ ...current, [key]: event.currentTarget.value }));
      setNotice('');
    };
    const choices = CHOICES[key];
    return (
      <div class="field" key={key}>
        <label for={id}>{LABELS[key]}</label>
        {choices ? (
          <select {...common} value={draft[key]} onChange={onInput}>
            {choices.map((choice) => (
              <option key={choice} value={choice}>
                {choice}
              </option>
            ))}
          </select>
        ) : LISTS.includes(key) ? (
          <textarea {...common} rows={6} cols={72} spellcheck={false} value={draft[key]} onInput={onInput} />
        ) : (
          <input {...common} inputMode="decimal" autoComplete="off" value={draft[key]} onInput={onInput} />
        )}
        <p id={`${id}-hint`} class="hint">
          {HINTS[key] ?? ''}
        </p>
        <p id={`${id}-error`} class="field-error">
          {typeof error === 'string' ? (
            `${LABELS[key]} ${error}`
          ) : error ? (
            <>
              <code>{error.param}</code> {error.message.replace(`\`${error.param}\``, '').trim()}
            </>
          ) : null}
        </p>
      </div>
    );
  };

  return (
    <form class="program-form loyalty-form" onSubmit={submit} noValidate aria-labelledby="loyalty-form-title">
      <h3 id="loyalty-form-title">Edit loyalty</h3>
      <div class="field-row">
        {(['points_per_unit', 'signup_points', 'birthday_points'] as const).map(control)}
      </div>
      <div class="field-row">{(['points_expiry_days', 'points_expiry_mode'] as const).map(control)}</div>
      <div class="field-row">{(['tier_basis', 'tier_window_months'] as const).map(control)}</div>
      {control('tiers')}
      {control('redemption_options')}
      {formError ? (
        <p class="banner error" role="alert">
          {formError}
        </p>
      ) : null}
      <div class="form-actions">
        <button type="submit" class="button primary" disabled={busy}>
          {busy ? 'Saving…' : 'Save loyalty'}
        </button>
        <p class="notice" role="status">
          {notice}
        </p>
      </div>
    </form>
  );
}
