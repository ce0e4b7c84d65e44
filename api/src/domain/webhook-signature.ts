// Standard Webhooks signing (https://www.standardwebhooks.com): `v1,` + base64 HMAC-SHA256 of
// "{id}.{timestamp}.{body}", keyed with the base64-decoded part of the `whsec_…` secret.
// Web Crypto only, so deliveries can be signed on any runtime.
const encoder = new TextEncoder();
const SECRET_PREFIX = 'whsec_';
const SECRET_BYTES = 24;

export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

export function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** A fresh endpoint secret: `whsec_` + base64 of 24 random bytes (192 bits). */
export function newWebhookSecret(): string {
  return SECRET_PREFIX + toBase64(crypto.getRandomValues(new Uint8Array(SECRET_BYTES)));
}

/** HMAC-SHA256 over raw bytes (or UTF-8 text), base64-encoded. */
export async function hmacSha256Base64(
  key: Uint8Array<ArrayBuffer>,
  message: Uint8Array<ArrayBuffer> | string,
): Promise<string> {
  const cryptoKey = await crypto.subtle.importKey('raw', key, { name: 'HMAC', hash: 'SHA-256' }, false, [
    'sign',
  ]);
  const data = typeof message === 'string' ? encoder.encode(message) : message;
  return toBase64(new Uint8Array(await crypto.subtle.sign('HMAC', cryptoKey, data)));
}

/** One `v1,<base64>` signature of a message with one endpoint secret. */
export async function signWebhook(
  secret: string,
  message: { id: string; timestamp: number; body: string },
): Promise<string> {
  const key = fromBase64(secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret);
  return `v1,${await hmacSha256Base64(key, `${message.id}.${message.timestamp}.${message.body}`)}`;
}

/**
 * The `webhook-signature` header: one signature per live secret, space-separated. During a rotation's
 * grace period the previous secret signs too, so receivers still holding it keep verifying.
 */
export async function webhookSignatureHeader(
  secrets: readonly string[],
  message: { id: string; timestamp: number; body: string },
): Promise<string> {
  const signatures = await Promise.all(secrets.map((secret) => signWebhook(secret, message)));
  return signatures.join(' ');
}
