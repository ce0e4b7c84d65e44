// One error shape for every failure: {"error": {type, code, message, param?}}.
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

export type ErrorType =
  | 'invalid_request'
  | 'authentication'
  | 'permission'
  | 'not_found'
  | 'conflict'
  | 'idempotency_error'
  | 'rate_limited'
  | 'internal';

const STATUS: Record<ErrorType, ContentfulStatusCode> = {
  invalid_request: 400,
  authentication: 401,
  permission: 403,
  not_found: 404,
  conflict: 409,
  idempotency_error: 400,
  rate_limited: 429,
  internal: 500,
};

export class ApiError extends Error {
  readonly type: ErrorType;
  readonly code: string;
  readonly param: string | undefined;
  readonly status: ContentfulStatusCode;
  readonly headers: Record<string, string>;
  readonly errors: { param: string | null; message: string }[] | undefined;

  constructor(
    type: ErrorType,
    code: string,
    message: string,
    options: {
      param?: string;
      status?: ContentfulStatusCode;
      headers?: Record<string, string>;
      errors?: { param: string | null; message: string }[];
    } = {},
  ) {
    super(message);
    this.type = type;
    this.code = code;
    this.param = options.param;
    this.status = options.status ?? STATUS[type];
    this.headers = options.headers ?? {};
    this.errors = options.errors;
  }

  toJSON() {
    return {
      error: {
        type: this.type,
        code: this.code,
        message: this.message,
        ...(this.param === undefined ? {} : { param: this.param }),
        ...(this.errors && this.errors.length > 1 ? { errors: this.errors } : {}),
      },
    };
  }
}

export const notFound = (what: string, param?: string) =>
  new ApiError('not_found', 'resource_missing', `No such ${what}.`, param ? { param } : {});

export function errorResponse(c: Context, error: ApiError): Response {
  for (const [name, value] of Object.entries(error.headers)) c.header(name, value);
  return c.json(error.toJSON(), error.status);
}

/** Anything thrown that is not an ApiError becomes a 500 without leaking its message or stack. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  // Hono's own HTTPException carries a status (e.g. 413 from bodyLimit) — keep it, shape it.
  if (typeof error === 'object' && error !== null && 'getResponse' in error && 'status' in error) {
    const status = (error as { status: number }).status;
    if (status === 413) return payloadTooLarge();
    if (status >= 400 && status < 500) {
      return new ApiError(
        'invalid_request',
        'bad_request',
        (error as unknown as Error).message || 'Bad request.',
      );
    }
  }
  return new ApiError('internal', 'internal_error', 'Something went wrong on our side. Try again later.');
}

export const payloadTooLarge = () =>
  new ApiError('invalid_request', 'payload_too_large', 'The request body is larger than 1 MB.', {
    status: 413,
  });
