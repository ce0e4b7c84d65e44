// Edits the program's most-used fields with a partial PUT /v1/program: only what changed is sent, and
// a 400 is shown next to the field its `param` names.
import { useState } from 'preact/hooks';
import type { ProgramObject } from '../../src/schemas/program.ts';
import { ApiFailure, type FieldError, messageOf } from './api.ts';
import { displayCurrency, saveProgram } from './program-store.ts';
import { draftOf, type RewardDraft, RewardField, rewardOf } from './reward-field.tsx';

interface Draft {
  referrer: RewardDraft;
  friend: RewardDraft;
  holdDays: string;
  brandColor: string;
}

const FIELDS = {
  referrer: 'referral.referrer_reward',
  friend: 'referral.friend_reward',
  holdDays: 'referral.hold_days',
  brandColor: 'theme.brand_color',
} as const;
type FieldName = keyof typeof FIELDS;

/** The control that takes focus when the API refuses its field. */
const FOCUS_IDS: Record<FieldName, string> = {
  referrer: 'referrer-reward-value',
  friend: 'friend-reward-value',
  holdDays: 'hold-days',
  brandColor: 'brand-color',
};

function draftFrom(program: ProgramObject, currency: string): Draft {
  return {
    referrer: draftOf(program.referral.referrer_reward, currency),
    friend: draftOf(program.referral.friend_reward, currency),
    holdDays: String(program.referral.hold_days),
    brandColor: program.theme.brand_color,
  };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The partial update: sections with only the fields whose value differs from the saved program. */
function patchFrom(draft: Draft, program: ProgramObject): Record<string, Record<string, unknown>> {
  const referral: Record<string, unknown> = {};
  const referrer = rewardOf(draft.referrer);
  if (!same(referrer, program.referral.referrer_reward)) referral.referrer_reward = referrer;
  const friend = rewardOf(draft.friend);
  if (!same(friend, program.referral.friend_reward)) referral.friend_reward = friend;
  const holdDays = draft.holdDays.trim() === '' ? null : Number(draft.holdDays);
  if (holdDays !== program.referral.hold_days)
    referral.hold_days = Number.isFinite(holdDays) ? holdDays : null;
  const patch: Record<string, Record<string, unknown>> = {};
  if (Object.keys(referral).length > 0) patch.referral = referral;
  const brandColor = draft.brandColor.trim();
  if (brandColor !== program.theme.brand_color) patch.theme = { brand_color: brandColor };
  return patch;
}

/** The API's message with its `param` set as code: "`theme.brand_color`: must be…". */
function FieldMessage({ error }: { error: FieldError }) {
  const prefix = `\`${error.param}\``;
  const rest = error.message.startsWith(prefix) ? error.message.slice(prefix.length) : ` ${error.message}`;
  return (
    <>
      <code>{error.param}</code>
      {rest}
    </>
  );
}

const HEX = /^#[0-9a-f]{6}$/i;

export function ProgramForm({ program }: { program: ProgramObject }) {
  const currency = displayCurrency.value;
  const [draft, setDraft] = useState(() => draftFrom(program, currency));
  const [errors, setErrors] = useState<Partial<Record<FieldName, FieldError>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [notice, setNotice] = useState('');
  const [busy, setBusy] = useState(false);

  const update = (next: Partial<Draft>) => {
    setDraft((current) => ({ ...current, ...next }));
    setNotice('');
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    const patch = patchFrom(draft, program);
    setErrors({});
    setFormError(null);
    if (Object.keys(patch).length === 0) {
      setNotice('Nothing changed.');
      return;
    }
    setBusy(true);
    try {
      const saved = await saveProgram(patch);
      setDraft(draftFrom(saved, currency));
      setNotice('Saved. Shoppers see the change on their next page view.');
    } catch (failure) {
      setNotice('');
      if (!(failure instanceof ApiFailure) || failure.status !== 400) {
        setFormError(messageOf(failure));
        return;
      }
      const listed = failure.errors.length
        ? failure.errors
        : failure.param
          ? [{ param: failure.param, message: failure.message }]
          : [];
      const byField: Partial<Record<FieldName, FieldError>> = {};
      for (const error of listed) {
        const field = (Object.keys(FIELDS) as FieldName[]).find(
          (name) => error.param === FIELDS[name] || error.param.startsWith(`${FIELDS[name]}.`),
        );
        if (field && !byField[field]) byField[field] = error;
      }
      setErrors(byField);
      const first = (Object.keys(FIELDS) as FieldName[]).find((name) => byField[name]);
      if (first) setTimeout(() => document.getElementById(FOCUS_IDS[first])?.focus());
      else setFormError(failure.message);
    } finally {
      setBusy(false);
    }
  };

  const errorOf = (name: FieldName) => {
    const error = errors[name];
    return error ? <FieldMessage error={error} /> : null;
  };

  return (
    <form class="program-form" onSubmit={submit} noValidate aria-labelledby="program-form-title">
      <h3 id="program-form-title">Edit the program</h3>
      <RewardField
        id="referrer-reward"
        legend="Referrer reward"
        draft={draft.referrer}
        error={errorOf('referrer')}
        onChange={(referrer) => update({ referrer })}
      />
      <RewardField
        id="friend-reward"
        legend="Friend reward"
        draft={draft.friend}
        error={errorOf('friend')}
        onChange={(friend) => update({ friend })}
      />
      <div class="field-row">
        <div class="field">
          <label for="hold-days">Hold days</label>
          <input
            id="hold-days"
            type="number"
            inputMode="numeric"
            min={0}
            max={365}
            step={1}
            value={draft.holdDays}
            aria-invalid={errors.holdDays ? true : undefined}
            aria-describedby="hold-days-hint hold-days-error"
            onInput={(event) => update({ holdDays: event.currentTarget.value })}
          />
          <p id="hold-days-hint" class="hint">
            Days a referral reward waits before it is issued; 0 issues at once.
          </p>
          <p id="hold-days-error" class="field-error">
            {errorOf('holdDays')}
          </p>
        </div>
        <div class="field">
          <label for="brand-color">Brand colour</label>
          <div class="color-input">
            <input
              id="brand-color"
              value={draft.brandColor}
              autoComplete="off"
              spellcheck={false}
              aria-invalid={errors.brandColor ? true : undefined}
              aria-describedby="brand-color-hint brand-color-error"
              onInput={(event) => update({ brandColor: event.currentTarget.value })}
            />
            <input
              type="color"
              aria-label="Pick the brand colour"
              value={HEX.test(draft.brandColor.trim()) ? draft.brandColor.trim() : '#000000'}
              onInput={(event) => update({ brandColor: event.currentTarget.value })}
            />
          </div>
          <p id="brand-color-hint" class="hint">
            Hex, like #4f46e5. Colours the widget’s buttons and links.
          </p>
          <p id="brand-color-error" class="field-error">
            {errorOf('brandColor')}
          </p>
        </div>
      </div>
      {formError ? (
        <p class="banner error" role="alert">
          {formError}
        </p>
      ) : null}
      <div class="form-actions">
        <button type="submit" class="button primary" disabled={busy}>
          {busy ? 'Saving…' : 'Save changes'}
        </button>
        <p class="notice" role="status">
          {notice}
        </p>
      </div>
    </form>
  );
}
