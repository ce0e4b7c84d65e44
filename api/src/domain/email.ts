// One person, one email: `Ann.Lee+promo@GMail.com` and `annlee@gmail.com` are the same inbox, so
// self-referral checks compare the normalized form.
import { hmacSha256Hex } from '../crypto.ts';

const DOTLESS_DOMAINS = new Set(['gmail.com', 'googlemail.com']);

export function normalizeEmail(email: string): string {
  const trimmed = email.trim().toLowerCase();
  const at = trimmed.lastIndexOf('@');
  if (at < 1) return trimmed;
  let local = trimmed.slice(0, at);
  let domain = trimmed.slice(at + 1);
  const plus = local.indexOf('+');
  if (plus >= 0) local = local.slice(0, plus);
  if (DOTLESS_DOMAINS.has(domain)) {
    local = local.replaceAll('.', '');
    domain = 'gmail.com';
  }
  return `${local}@${domain}`;
}

/**
 * What an erased person's offer claim keeps instead of their address: a keyed hash (the merchant's
 * own secret), so the same inbox cannot claim the welcome offer twice, while the address itself is
 * gone and cannot be recovered from the row without the secret.
 */
export async function erasedEmailMarker(secret: string, emailNormalized: string): Promise<string> {
  return `erased:${(await hmacSha256Hex(secret, `offer-claim:${emailNormalized}`)).slice(0, 40)}`;
}
