// Sends one API call: auth, JSON, an Idempotency-Key on every POST, and retries with the same key on
// network errors, 429, 5xx and 409 idempotency_key_in_use.
import { FlywheelError, type FlywheelErrorType } from './errors.ts';
import { backoffDelay, isRetryable, MAX_RETRY_AFTER_MS, parseRetryAfter, sleep } from './retry.ts';

/** Per-call options accepted by every SDK method. */
export interface RequestOptions {
  /**
   * Sent as `Idempotency-Key` on POSTs (one is generated when omitted). Reuse your own, e.g. your order
   * id, to make a call safe to repeat across process restarts.
   */
  idempotencyKey?: string;
  /** Aborts the call, retries included. */
  signal?: AbortSignal;
}

export type QueryValue = string | number | boolean | undefined;

export interface ApiRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  query?: Record<string, QueryValue>;
  body?: unknown;
  /** Sends `body` (then a string) as is, with this Content-Type, instead of as JSON. */
  contentType?: string;
  options?: RequestOptions | undefined;
}

export interface TransportConfig {
  secretKey: string;
  baseUrl: string;
  fetch: typeof fetch;
  maxRetries: number;
  timeoutMs: number;
}

export interface Transport {
  request<T>(request: ApiRequest): Promise<T>;
}

const ERROR_TYPES = new Set<string>([
  'invalid_request',
  'authentication',
  'permission',
  'not_found',
  'conflict',
  'idempotency_error',
  'rate_limited',
  'internal',
]);

function typeForStatus(status: number): FlywheelErrorType {
  if (status === 401) return 'authentication';
  if (status === 403) return 'permission';
  if (status === 404) return 'not_found';
  if (status === 409) return 'conflict';
  if (status === 429) return 'rate_limited';
  return status >= 500 ? 'internal' : 'invalid_request';
}

/** The API's `{error: {...}}` answer as a FlywheelError; a proxy's HTML 502 still yields a useful one. */
async function errorFrom(response: Response): Promise<FlywheelError> {
  const body = (await response.json().catch(() => null)) as {
    error?: { type?: unknown; code?: unknown; message?: unknown; param?: unknown };
  } | null;
  const error = body?.error ?? {};
  return new FlywheelError({
    type:
      typeof error.type === 'string' && ERROR_TYPES.has(error.type)
        ? (error.type as FlywheelErrorType)
        : typeForStatus(response.status),
    code: typeof error.code === 'string' ? error.code : 'http_error',
    message: typeof error.message === 'string' ? error.message : `Flywheel answered HTTP ${response.status}.`,
    status: response.status,
    param: typeof error.param === 'string' ? error.param : undefined,
    requestId: response.headers.get('X-Request-Id') ?? undefined,
  });
}

function buildUrl(baseUrl: string, path: string, query: ApiRequest['query']): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query ?? {})) {
    if (value !== undefined) params.set(name, String(value));
  }
  const search = params.toString();
  return `${baseUrl}${path}${search ? `?${search}` : ''}`;
}

function attemptSignal(timeoutMs: number, signal: AbortSignal | undefined): AbortSignal {
  const timeout = AbortSignal.timeout(timeoutMs);
  if (!signal) return timeout;
  if (typeof AbortSignal.any === 'function') return AbortSignal.any([signal, timeout]);
  // Node 20.0–20.2 lack AbortSignal.any.
  const combined = new AbortController();
  for (const source of [signal, timeout]) {
    source.addEventListener('abort', () => combined.abort(source.reason), { once: true });
  }
  return combined.signal;
}

export function createTransport(config: TransportConfig): Transport {
  const baseUrl = config.baseUrl.replace(/\/+$/, '');
  return {
    async request<T>({ method, path, query, body, contentType, options = {} }: ApiRequest): Promise<T> {
      const url = buildUrl(baseUrl, path, query);
      const headers: Record<string, string> = {
        Authorization: `Bearer ${config.secretKey}`,
        Accept: 'application/json',
      };
      if (body !== undefined) headers['Content-Type'] = contentType ?? 'application/json';
      // One key for every attempt: that is what makes retrying a POST safe.
      if (method === 'POST') headers['Idempotency-Key'] = options.idempotencyKey ?? crypto.randomUUID();
      const payload = body === undefined ? undefined : contentType ? String(body) : JSON.stringify(body);

      for (let retry = 0; ; retry++) {
        const canRetry = retry < config.maxRetries;
        let response: Response;
        try {
          response = await config.fetch(url, {
            method,
            headers,
            ...(payload === undefined ? {} : { body: payload }),
            signal: attemptSignal(config.timeoutMs, options.signal),
          });
        } catch (cause) {
          if (options.signal?.aborted) throw options.signal.reason ?? cause;
          if (canRetry) {
            await sleep(backoffDelay(retry));
            continue;
          }
          const timedOut = cause instanceof Error && cause.name === 'TimeoutError';
          throw new FlywheelError({
            type: 'connection',
            code: timedOut ? 'timeout' : 'network_error',
            message: timedOut
              ? `Flywheel did not answer ${method} ${path} within ${config.timeoutMs} ms.`
              : `Could not reach Flywheel at ${baseUrl}: ${cause instanceof Error ? cause.message : String(cause)}`,
            status: 0,
            cause,
          });
        }

        if (response.ok) {
          if (response.status === 204) return undefined as T;
          try {
            return (await response.json()) as T;
          } catch (cause) {
            throw new FlywheelError({
              type: 'internal',
              code: 'invalid_response',
              message: `Flywheel answered ${method} ${path} with a body that is not JSON.`,
              status: response.status,
              requestId: response.headers.get('X-Request-Id') ?? undefined,
              cause,
            });
          }
        }

        const error = await errorFrom(response);
        if (!canRetry || !isRetryable(response.status, error.code)) throw error;
        const retryAfter = parseRetryAfter(response.headers.get('Retry-After'));
        if (retryAfter !== undefined && retryAfter > MAX_RETRY_AFTER_MS) throw error;
        await sleep(retryAfter ?? backoffDelay(retry));
      }
    },
  };
}
