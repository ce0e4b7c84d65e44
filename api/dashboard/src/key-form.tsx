// Where the merchant pastes the secret key. It is checked against GET /v1/program before it is kept.
import { useState } from 'preact/hooks';
import { messageOf } from './api.ts';
import { loadProgram } from './program-store.ts';
import { signIn, signOutReason } from './session.ts';

function keyProblem(key: string): string | null {
  if (key === '') return 'Paste your secret key.';
  if (key.startsWith('pk_'))
    return 'That is the publishable key (pk_…), the one for the script tag. The dashboard needs the secret key (sk_…).';
  if (!key.startsWith('sk_')) return 'Secret keys start with sk_.';
  return null;
}

export function KeyForm() {
  const [error, setError] = useState<string | null>(signOutReason.value);
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const key = String(new FormData(form).get('secret_key') ?? '').trim();
    const problem = keyProblem(key);
    if (problem) {
      setError(problem);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await loadProgram(key);
      signIn(key);
    } catch (failure) {
      setError(messageOf(failure));
      setBusy(false);
    }
  };

  return (
    <main id="main" class="sign-in">
      <form class="card sign-in-card" onSubmit={submit} noValidate aria-busy={busy}>
        <h1>
          <span class="logo" aria-hidden="true" /> Flywheel dashboard
        </h1>
        <p id="key-help" class="muted">
          Paste your secret key (<code>sk_…</code>). It stays in this browser tab only and is sent to nowhere
          but this server’s API.
        </p>
        <label for="secret-key">Secret key</label>
        <input
          id="secret-key"
          name="secret_key"
          type="password"
          autoComplete="off"
          spellcheck={false}
          required
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'key-help key-error' : 'key-help'}
        />
        <p id="key-error" class="field-error" role="alert">
          {error}
        </p>
        <button type="submit" class="button primary" disabled={busy}>
          {busy ? 'Checking…' : 'Open dashboard'}
        </button>
      </form>
    </main>
  );
}
