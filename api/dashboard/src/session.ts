// The merchant's secret key lives in sessionStorage only: gone when the tab closes, never in a cookie,
// never in localStorage, and sent nowhere but this origin's API.
import { signal } from '@preact/signals';

const STORAGE_KEY = 'flywheel.dashboard.secret_key';

function readStoredKey(): string | null {
  try {
    return sessionStorage.getItem(STORAGE_KEY);
  } catch {
    // Storage can be disabled (privacy modes); the key then lasts as long as the page.
    return null;
  }
}

export const secretKey = signal<string | null>(readStoredKey());
/** Why the merchant was signed out, shown on the key form. */
export const signOutReason = signal<string | null>(null);

export function signIn(key: string): void {
  try {
    sessionStorage.setItem(STORAGE_KEY, key);
  } catch {
    // See readStoredKey.
  }
  signOutReason.value = null;
  secretKey.value = key;
}

export function signOut(reason: string | null = null): void {
  try {
    sessionStorage.removeItem(STORAGE_KEY);
  } catch {
    // See readStoredKey.
  }
  signOutReason.value = reason;
  secretKey.value = null;
}
