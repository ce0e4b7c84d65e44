// Shopper sessions: a signed, expiring token that says "this visitor is this merchant's customer".
// Stateless (HMAC with the merchant's session secret), so any API instance can check it.
import { hmacSha256Hex, timingSafeEqual } from '../crypto.ts';

export const SESSION_TTL_MS = 24 * 3600 * 1000;

export interface SessionClaims {
  merchantId: string;
  customerId: string;
  visitorId: string;
  expiresAt: number;
}

const encode = (text: string) => btoa(text).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
const decode = (text: string) => atob(text.replaceAll('-', '+').replaceAll('_', '/'));

export async function signSession(claims: SessionClaims, secret: string): Promise<string> {
  const payload = encode(
    JSON.stringify({ m: claims.merchantId, c: claims.customerId, v: claims.visitorId, e: claims.expiresAt }),
  );
  return `${payload}.${await hmacSha256Hex(secret, payload)}`;
}

export async function verifySession(token: string, secret: string, now: Date): Promise<SessionClaims | null> {
  const [payload, signature] = token.split('.');
  if (!payload || !signature) return null;
  if (!timingSafeEqual(await hmacSha256Hex(secret, payload), signature)) return null;
  try {
    const { m, c, v, e } = JSON.parse(decode(payload)) as { m: string; c: string; v: string; e: number };
    if (typeof e !== 'number' || e < now.getTime()) return null;
    return { merchantId: m, customerId: c, visitorId: v, expiresAt: e };
  } catch {
    return null;
  }
}
