// The two ways a server SDK call can fail: the API (or the network) refused a request, or a webhook
// did not verify. Both are plain Error subclasses, so `instanceof` works across runtimes.

/** `type` values the API answers with, plus `connection` for a request that never got an answer. */
export type FlywheelErrorType =
  | 'invalid_request'
  | 'authentication'
  | 'permission'
  | 'not_found'
  | 'conflict'
  | 'idempotency_error'
  | 'rate_limited'
  | 'internal'
  | 'connection';

/**
 * A request the API refused (any non-2xx answer), or one that could not reach it after every retry
 * (`type: 'connection'`, `status: 0`).
 *
 * @example
 * try {
 *   await fw.customers.get('u_404');
 * } catch (error) {
 *   if (error instanceof FlywheelError && error.code === 'resource_missing') console.log('no such customer');
 *   else throw error;
 * }
 */
export class FlywheelError extends Error {
  override readonly name = 'FlywheelError';
  readonly type: FlywheelErrorType;
  /** Machine-readable reason, e.g. `resource_missing`, `invalid_api_key`, `network_error`. */
  readonly code: string;
  /** The offending field as a dotted path, for validation errors. */
  readonly param: string | undefined;
  /** HTTP status, or 0 when no answer arrived. */
  readonly status: number;
  /** The API's `X-Request-Id`: quote it when asking for help. */
  readonly requestId: string | undefined;

  constructor(fields: {
    type: FlywheelErrorType;
    code: string;
    message: string;
    status: number;
    param?: string | undefined;
    requestId?: string | undefined;
    cause?: unknown;
  }) {
    super(fields.message, fields.cause === undefined ? undefined : { cause: fields.cause });
    this.type = fields.type;
    this.code = fields.code;
    this.param = fields.param;
    this.status = fields.status;
    this.requestId = fields.requestId;
  }
}

/** Why a webhook was refused. */
export type FlywheelWebhookErrorCode =
  | 'missing_header'
  | 'invalid_timestamp'
  | 'timestamp_too_old'
  | 'timestamp_too_new'
  | 'invalid_secret'
  | 'invalid_signature'
  | 'invalid_payload';

/**
 * A webhook that failed verification: answer it with a 4xx and do not act on it.
 *
 * @example
 * try {
 *   await Flywheel.webhooks.verify(rawBody, request.headers, secret);
 * } catch (error) {
 *   if (error instanceof FlywheelWebhookError) return new Response(error.code, { status: 400 });
 *   throw error;
 * }
 */
export class FlywheelWebhookError extends Error {
  override readonly name = 'FlywheelWebhookError';
  readonly code: FlywheelWebhookErrorCode;

  constructor(code: FlywheelWebhookErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}
