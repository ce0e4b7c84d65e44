// Consent-aware storage: until consent is given (when it is required) values live in memory only, so
// nothing reaches localStorage or cookies. Granting consent writes them through; withdrawing erases them.

/** The subset of the Web Storage API the SDK uses; `localStorage` fits, so does a test double. */
export interface FlywheelStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export interface ConsentStorage {
  get(key: string): string | null;
  set(key: string, value: string): void;
  remove(key: string): void;
  setConsent(granted: boolean): void;
}

/** Every key the SDK may store: all of them are erased when consent is withdrawn. */
export const STORAGE_KEYS = ['flywheel_vid', 'flywheel_fb'] as const;

/**
 * `localStorage` when the page may use it, else null (sandboxed iframes, storage blocked by the user).
 * @example
 * const storage = defaultStorage(); // null in a sandboxed iframe: the SDK then keeps ids in memory
 */
export function defaultStorage(): FlywheelStorage | null {
  try {
    // Reading the property itself throws in some sandboxed iframes and in Safari with storage blocked.
    const storage = globalThis.localStorage;
    return storage ?? null;
  } catch {
    return null;
  }
}

/**
 * Wraps a backing store so that, while consent is required and not given, values live in memory only.
 * Every backing call is guarded: a full or blocked storage never throws into the caller.
 * @example
 * const storage = createConsentStorage(localStorage, true);
 * storage.set('flywheel_vid', 'vis_1'); // memory only
 * storage.setConsent(true); // now written to localStorage
 * storage.setConsent(false); // and erased from it again
 */
export function createConsentStorage(
  backing: FlywheelStorage | null,
  consentRequired: boolean,
): ConsentStorage {
  const memory = new Map<string, string>();
  let granted = !consentRequired;
  const safely = <T>(run: () => T, fallback: T): T => {
    try {
      return run();
    } catch {
      return fallback;
    }
  };
  return {
    get(key) {
      const value = memory.get(key);
      if (value !== undefined) return value;
      return granted && backing ? safely(() => backing.getItem(key), null) : null;
    },
    set(key, value) {
      memory.set(key, value);
      if (granted && backing) safely(() => backing.setItem(key, value), undefined);
    },
    remove(key) {
      memory.delete(key);
      if (backing) safely(() => backing.removeItem(key), undefined);
    },
    setConsent(next) {
      granted = next;
      if (!backing) return;
      for (const key of STORAGE_KEYS) {
        const value = memory.get(key);
        if (next && value !== undefined) safely(() => backing.setItem(key, value), undefined);
        if (!next) safely(() => backing.removeItem(key), undefined);
      }
    },
  };
}
