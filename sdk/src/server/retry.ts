// When and how long to wait before trying a request again. Pure, so the policy is testable on its own.

const INITIAL_DELAY_MS = 500;
const MAX_BACKOFF_MS = 8_000;
/** A server asking us to wait longer than this is down for a while: fail now rather than hang the caller. */
export const MAX_RETRY_AFTER_MS = 60_000;

/**
 * Worth retrying with the same Idempotency-Key: overload (429), server errors (5xx), and a duplicate
 * request that arrived while the first was still running (409 `idempotency_key_in_use`). Other 4xx
 * answers would fail the same way again.
 */
export function isRetryable(status: number, code: string | undefined): boolean {
  return status === 429 || status >= 500 || (status === 409 && code === 'idempotency_key_in_use');
}

/** `Retry-After` in milliseconds, from delta-seconds or an HTTP date; `undefined` when absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * Exponential backoff with "equal jitter": 0.5 s, 1 s, 2 s… capped at 8 s, each randomised to between
 * half and all of it, so clients that failed together do not retry together.
 */
export function backoffDelay(retry: number, random: () => number = Math.random): number {
  const ceiling = Math.min(MAX_BACKOFF_MS, INITIAL_DELAY_MS * 2 ** retry);
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
