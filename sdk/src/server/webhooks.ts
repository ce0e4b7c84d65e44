// Standard Webhooks (https://www.standardwebhooks.com): the signature is base64 HMAC-SHA256 of
// "{webhook-id}.{webhook-timestamp}.{body}" keyed with the endpoint's `whsec_…` secret.
import type { WebhookEvent } from '../types.ts';
import { concatBytes, constantTimeEqual, fromBase64, hmacSha256, toBase64, utf8 } from './encoding.ts';
import { FlywheelWebhookError } from './errors.ts';

/** `Headers` (fetch, Hono, Workers) or a plain object such as Node's `IncomingHttpHeaders`. */
export type WebhookHeaders = Headers | Record<string, string | string[] | undefined>;

/** The body exactly as received: verify before parsing, since re-serialised JSON would not match. */
export type RawBody = string | Uint8Array | ArrayBuffer;

export interface VerifyOptions {
  /** How far the timestamp may be from now, either way. Default 300 (5 minutes). */
  toleranceSeconds?: number;
  /** The current time (tests). */
  now?: Date;
}

export interface SignInput {
  /** The endpoint's signing secret, `whsec_…`. */
  secret: string;
  /** `webhook-id`: unique per message; receivers deduplicate on it. */
  id: string;
  body: RawBody;
  /** Default: now. */
  timestamp?: Date;
}

// A type alias, not an interface, so it passes where a plain header record is expected (fetch, verify).
export type SignedHeaders = {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
};

const DEFAULT_TOLERANCE_SECONDS = 5 * 60;
const SECRET_PREFIX = 'whsec_';

function header(headers: WebhookHeaders, name: string): string | undefined {
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
  const record = headers as Record<string, string | string[] | undefined>;
  const key = Object.keys(record).find((k) => k.toLowerCase() === name);
  const value = key === undefined ? undefined : record[key];
  return Array.isArray(value) ? value.join(' ') : value;
}

function secretBytes(secret: string): Uint8Array<ArrayBuffer> {
  if (typeof secret !== 'string') {
    throw new FlywheelWebhookError('invalid_secret', 'Pass the webhook endpoint secret (whsec_…).');
  }
  const encoded = secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret;
  const bytes = encoded ? fromBase64(encoded) : undefined;
  if (!bytes || bytes.length === 0) {
    throw new FlywheelWebhookError(
      'invalid_secret',
      'The webhook secret must be `whsec_` followed by base64.',
    );
  }
  return bytes;
}

function bodyBytes(body: RawBody): Uint8Array<ArrayBuffer> {
  if (typeof body === 'string') return utf8(body);
  return body instanceof ArrayBuffer ? new Uint8Array(body) : new Uint8Array(body);
}

async function signature(secret: string, id: string, timestamp: string, body: RawBody): Promise<string> {
  const signed = concatBytes(utf8(`${id}.${timestamp}.`), bodyBytes(body));
  return toBase64(await hmacSha256(secretBytes(secret), signed));
}

/**
 * Checks a webhook's signature and age, then returns its event. Throws {@link FlywheelWebhookError}
 * when the headers are missing, the timestamp is more than 5 minutes off, or no `v1` signature in
 * `webhook-signature` matches (several, space-separated, are accepted while a secret is rotated).
 *
 * @example
 * // Hono: read the raw body; parsed-and-re-serialised JSON would not match the signature.
 * app.post('/webhooks/flywheel', async (c) => {
 *   const event = await Flywheel.webhooks.verify(await c.req.text(), c.req.raw.headers, process.env.FLYWHEEL_WEBHOOK_SECRET!);
 *   if (event.type === 'reward.issued') console.log('reward', event.data);
 *   return c.body(null, 204);
 * });
 */
export async function verifyWebhook<Data = unknown>(
  rawBody: RawBody,
  headers: WebhookHeaders,
  secret: string,
  options: VerifyOptions = {},
): Promise<WebhookEvent<Data>> {
  const id = header(headers, 'webhook-id');
  const timestamp = header(headers, 'webhook-timestamp');
  const signatures = header(headers, 'webhook-signature');
  if (!id || !timestamp || !signatures) {
    throw new FlywheelWebhookError(
      'missing_header',
      'A webhook needs the webhook-id, webhook-timestamp and webhook-signature headers.',
    );
  }
  if (!/^\d+$/.test(timestamp)) {
    throw new FlywheelWebhookError('invalid_timestamp', 'webhook-timestamp must be Unix seconds.');
  }
  const now = Math.floor((options.now ?? new Date()).getTime() / 1000);
  const tolerance = options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  const age = now - Number(timestamp);
  if (age > tolerance) throw new FlywheelWebhookError('timestamp_too_old', 'The webhook is too old.');
  if (age < -tolerance) {
    throw new FlywheelWebhookError('timestamp_too_new', 'The webhook timestamp is in the future.');
  }

  const expected = await signature(secret, id, timestamp, rawBody);
  // Compare against every v1 signature without stopping early, so timing tells nothing about which matched.
  let matched = false;
  for (const entry of signatures.split(' ')) {
    const [version, value] = entry.split(',', 2);
    if (version === 'v1' && value !== undefined && constantTimeEqual(value, expected)) matched = true;
  }
  if (!matched) {
    throw new FlywheelWebhookError('invalid_signature', 'No webhook signature matches this secret and body.');
  }

  let event: unknown;
  try {
    event = JSON.parse(typeof rawBody === 'string' ? rawBody : new TextDecoder().decode(bodyBytes(rawBody)));
  } catch {
    throw new FlywheelWebhookError('invalid_payload', 'The webhook body is not JSON.');
  }
  if (
    typeof event !== 'object' ||
    event === null ||
    typeof (event as WebhookEvent).id !== 'string' ||
    typeof (event as WebhookEvent).type !== 'string' ||
    typeof (event as WebhookEvent).created_at !== 'string' ||
    !('data' in event)
  ) {
    throw new FlywheelWebhookError('invalid_payload', 'The webhook body is not a Flywheel event.');
  }
  return event as WebhookEvent<Data>;
}

/**
 * Signs a body the way Flywheel does and returns the three headers to send with it: for testing your
 * webhook handler without a running Flywheel.
 *
 * @example
 * const body = JSON.stringify({ id: 'evt_1', type: 'reward.issued', created_at: new Date().toISOString(), data: {} });
 * const headers = await Flywheel.webhooks.sign({ secret: 'whsec_…', id: 'msg_1', body });
 * await fetch('http://localhost:3000/webhooks/flywheel', { method: 'POST', headers, body });
 */
export async function signWebhook(input: SignInput): Promise<SignedHeaders> {
  const timestamp = String(Math.floor((input.timestamp ?? new Date()).getTime() / 1000));
  return {
    'webhook-id': input.id,
    'webhook-timestamp': timestamp,
    'webhook-signature': `v1,${await signature(input.secret, input.id, timestamp, input.body)}`,
  };
}
