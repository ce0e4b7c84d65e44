// IPs and user agents are kept only as salted hashes: enough to notice one device acting as both
// referrer and friend, useless for tracking anyone across merchants.
import { sha256Hex } from '../crypto.ts';

export async function deviceHash(salt: string, value: string | null | undefined): Promise<string | null> {
  if (!value) return null;
  return (await sha256Hex(`${salt}:${value}`)).slice(0, 32);
}

/** The client IP as proxies report it (first X-Forwarded-For hop, or the CDN's header). */
export function clientIpFromHeaders(header: (name: string) => string | undefined): string | undefined {
  const forwarded = header('x-forwarded-for')?.split(',')[0]?.trim();
  return header('cf-connecting-ip') ?? header('x-real-ip') ?? (forwarded || undefined);
}
