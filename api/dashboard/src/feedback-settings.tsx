// The survey's program setting (`program.feedback`): on or off, and how many orders per question.
import { useEffect, useState } from 'preact/hooks';
import { ApiFailure, messageOf } from './api.ts';
import { program, saveProgram } from './program-store.ts';

export function FeedbackSettings() {
  const saved = program.value?.feedback;
  const [enabled, setEnabled] = useState(saved?.enabled ?? false);
  const [everyNth, setEveryNth] = useState(String(saved?.every_nth_order ?? 1));
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (!saved) return;
    setEnabled(saved.enabled);
    setEveryNth(String(saved.every_nth_order));
  }, [saved?.enabled, saved?.every_nth_order]);

  const save = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    try {
      await saveProgram({ feedback: { enabled, every_nth_order: Number(everyNth) } });
      setMessage({ text: 'Saved.', error: false });
    } catch (failure) {
      const text = failure instanceof ApiFailure && failure.param ? failure.message : messageOf(failure);
      setMessage({ text, error: true });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      class="field-row feedback-settings"
      onSubmit={save}
      aria-labelledby="feedback-settings-title"
      noValidate
    >
      <h3 id="feedback-settings-title" class="visually-hidden">
        Survey settings
      </h3>
      <label class="field inline">
        <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.currentTarget.checked)} /> Ask
        after each purchase
      </label>
      <div class="field inline">
        <label for="feedback-every-nth">Ask every n-th order</label>
        <input
          id="feedback-every-nth"
          type="number"
          min={1}
          max={100}
          value={everyNth}
          aria-describedby="feedback-settings-status"
          onInput={(e) => setEveryNth(e.currentTarget.value)}
        />
      </div>
      <button type="submit" class="button" disabled={busy}>
        Save survey settings
      </button>
      <p id="feedback-settings-status" class={message?.error ? 'field-error' : 'muted small'} role="status">
        {message?.text ?? ''}
      </p>
    </form>
  );
}
