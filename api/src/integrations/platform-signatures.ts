// Signature checks for platform webhooks, always over the raw body bytes:
// re-serialized JSON would not match what the platform signed.
import { hmacSha256Hex, timingSafeEqual } from '../crypto.ts';
import { hmacSha256Base64 } from '../domain/webhook-signature.ts';

const encoder = new TextEncoder();

/** Shopify `X-Shopify-Hmac-Sha256` and WooCommerce `X-WC-Webhook-Signature`: base64 HMAC-SHA256(body). */
export async function verifyBase64BodyHmac(
  body: Uint8Array<ArrayBuffer>,
  header: string | undefined,
  secret: string,
): Promise<boolean> {
  if (!header) return false;
  const expected = await hmacSha256Base64(encoder.encode(secret), body);
  return timingSafeEqual(header.trim(), expected);
}

export const STRIPE_TOLERANCE_SECONDS = 300;

/**
 * Stripe `Stripe-Signature: t=…,v1=…[,v1=…]`: hex HMAC-SHA256 of "{t}.{body}" keyed with the endpoint
 * secret as text. Any v1 may match (Stripe sends several while a secret is being rolled); `t` must be
 * within five minutes of now, so a captured request cannot be replayed later.
 */
export async function verifyStripeSignature(
  body: string,
  header: string | undefined,
  secret: string,
  now: Date,
): Promise<boolean> {
  if (!header) return false;
  let timestamp: number | undefined;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const [key, value] = part.split('=', 2).map((s) => s.trim());
    if (key === 't' && value && /^\d+$/.test(value)) timestamp = Number(value);
    else if (key === 'v1' && value) signatures.push(value);
  }
  if (timestamp === undefined || signatures.length === 0) return false;
  if (Math.abs(Math.floor(now.getTime() / 1000) - timestamp) > STRIPE_TOLERANCE_SECONDS) return false;
  const expected = await hmacSha256Hex(secret, `${timestamp}.${body}`);
  return signatures.some((signature) => timingSafeEqual(signature, expected));
}
