// Same-origin calls to the secret-key API. Paths are absolute (`/v1/…`), so the key can only ever
// travel to the origin that served the dashboard.
import { secretKey, signOut } from './session.ts';

export interface FieldError {
  param: string;
  message: string;
}

interface ErrorBody {
  type?: string;
  code?: string;
  message?: string;
  param?: string;
  errors?: FieldError[];
}

/** A non-2xx answer, carrying the API's error shape. */
export class ApiFailure extends Error {
  readonly status: number;
  readonly type: string;
  readonly code: string;
  readonly param: string | undefined;
  /** Every invalid field of a validation error, when the API lists them. */
  readonly errors: readonly FieldError[];
  constructor(status: number, body: unknown) {
    const error = (body as { error?: ErrorBody } | null)?.error;
    super(error?.message ?? `The API answered ${status}.`);
    this.status = status;
    this.type = error?.type ?? 'internal';
    this.code = error?.code ?? 'unknown';
    this.param = error?.param;
    this.errors = error?.errors?.filter((e) => typeof e.param === 'string') ?? [];
  }
}

export interface ApiList<T> {
  object: 'list';
  data: T[];
  has_more: boolean;
}

export async function callApi<T>(
  method: 'GET' | 'POST' | 'PUT',
  path: `/v1/${string}`,
  body?: unknown,
  key: string | null = secretKey.peek(),
): Promise<T> {
  if (!key) throw new ApiFailure(401, { error: { message: 'Paste your secret key first.' } });
  const response = await fetch(path, {
    method,
    headers: {
      Authorization: `Bearer ${key}`,
      Accept: 'application/json',
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    credentials: 'omit',
    cache: 'no-store',
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const data: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const failure = new ApiFailure(response.status, data);
    // A key revoked (or mistyped) mid-session: back to the key form, with the reason.
    if (response.status === 401 && key === secretKey.peek()) signOut(failure.message);
    throw failure;
  }
  return data as T;
}

export const messageOf = (error: unknown): string =>
  error instanceof Error ? error.message : 'Something went wrong.';
