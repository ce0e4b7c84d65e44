// One REWARD value as form controls. Amounts are typed in major units (10.00) and sent in minor
// units (1000); the API, not this form, decides what is valid.
import type { ComponentChildren } from 'preact';
import type { RewardValue } from '../../src/schemas/reward.ts';
import { minorPerMajor } from './format.ts';

export interface RewardDraft {
  type: RewardValue['type'];
  value: string;
  currency: string;
}

const TYPE_LABELS: Record<RewardValue['type'], string> = {
  amount_off: 'Amount off',
  percent_off: 'Percent off',
  points: 'Points',
  credit: 'Store credit',
  free_shipping: 'Free shipping',
};

const VALUE_LABELS: Record<RewardValue['type'], string> = {
  amount_off: 'Amount',
  percent_off: 'Percent',
  points: 'Points',
  credit: 'Amount',
  free_shipping: '',
};

const hasCurrency = (type: RewardValue['type']) => type === 'amount_off' || type === 'credit';

function safeMinorPerMajor(currency: string): number {
  try {
    return minorPerMajor(currency);
  } catch {
    // Not an ISO currency: the API will say so; any factor will do until then.
    return 100;
  }
}

export function draftOf(reward: RewardValue, fallbackCurrency: string): RewardDraft {
  switch (reward.type) {
    case 'amount_off':
    case 'credit':
      return {
        type: reward.type,
        value: String(reward.amount / safeMinorPerMajor(reward.currency)),
        currency: reward.currency,
      };
    case 'percent_off':
      return { type: reward.type, value: String(reward.percent), currency: fallbackCurrency };
    case 'points':
      return { type: reward.type, value: String(reward.points), currency: fallbackCurrency };
    case 'free_shipping':
      return { type: reward.type, value: '', currency: fallbackCurrency };
  }
}

/** The REWARD to send. A blank or non-numeric value goes as `null`, so the API names the field. */
export function rewardOf(draft: RewardDraft): Record<string, unknown> {
  if (draft.type === 'free_shipping') return { type: draft.type };
  const number = draft.value.trim() === '' ? Number.NaN : Number(draft.value);
  const valid = Number.isFinite(number);
  if (hasCurrency(draft.type)) {
    const currency = draft.currency.trim().toUpperCase();
    const amount = valid ? Math.round(number * safeMinorPerMajor(currency)) : null;
    return { type: draft.type, amount, currency };
  }
  const key = draft.type === 'percent_off' ? 'percent' : 'points';
  return { type: draft.type, [key]: valid ? number : null };
}

interface Props {
  id: string;
  legend: string;
  draft: RewardDraft;
  error: ComponentChildren;
  onChange(next: RewardDraft): void;
}

export function RewardField({ id, legend, draft, error, onChange }: Props) {
  const errorId = `${id}-error`;
  const invalid = error ? true : undefined;
  const describedBy = error ? errorId : undefined;
  return (
    <fieldset class="field reward-field">
      <legend>{legend}</legend>
      <div class="field-row">
        <div class="field">
          <label for={`${id}-type`}>Kind</label>
          <select
            id={`${id}-type`}
            value={draft.type}
            aria-invalid={invalid}
            aria-describedby={describedBy}
            onChange={(event) =>
              onChange({ ...draft, type: event.currentTarget.value as RewardValue['type'] })
            }
          >
            {(Object.keys(TYPE_LABELS) as RewardValue['type'][]).map((type) => (
              <option key={type} value={type}>
                {TYPE_LABELS[type]}
              </option>
            ))}
          </select>
        </div>
        {draft.type === 'free_shipping' ? null : (
          <div class="field">
            <label for={`${id}-value`}>{VALUE_LABELS[draft.type]}</label>
            <input
              id={`${id}-value`}
              type="number"
              inputMode="decimal"
              min={0}
              step={hasCurrency(draft.type) ? 'any' : 1}
              value={draft.value}
              aria-invalid={invalid}
              aria-describedby={describedBy}
              onInput={(event) => onChange({ ...draft, value: event.currentTarget.value })}
            />
          </div>
        )}
        {hasCurrency(draft.type) ? (
          <div class="field currency">
            <label for={`${id}-currency`}>Currency</label>
            <input
              id={`${id}-currency`}
              value={draft.currency}
              maxLength={3}
              size={4}
              autoComplete="off"
              spellcheck={false}
              aria-invalid={invalid}
              aria-describedby={describedBy}
              onInput={(event) => onChange({ ...draft, currency: event.currentTarget.value })}
            />
          </div>
        ) : null}
      </div>
      <p id={errorId} class="field-error">
        {error}
      </p>
    </fieldset>
  );
}
