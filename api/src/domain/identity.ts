// Identity signatures: hex HMAC-SHA256 computed by the merchant's server with its secret key. Secret
// keys are longer than the 64-byte HMAC block, so HMAC keys itself with SHA-256(secret key) — exactly
// the hash we store — and we can verify without ever storing the key.
//
// Two messages are signed:
// - `external_id` alone proves who the shopper is, and nothing else: an email or name sent beside it
//   came from the browser, and is never stored.
// - `external_id NUL email NUL name` (an absent field is empty; both trimmed) also vouches for the
//   profile, which then replaces what is stored. NUL cannot appear in any field, so no signature of
//   one form can be read as the other.
import { hmacSha256Hex, timingSafeEqual } from '../crypto.ts';

export interface IdentityClaim {
  external_id: string;
  email?: string | null | undefined;
  name?: string | null | undefined;
  signature: string;
}

/** What a valid signature vouches for: the shopper, and their email and name only when covered. */
export interface VerifiedIdentity {
  externalId: string;
  profile: { email: string | undefined; name: string | undefined } | null;
}

/** The message whose HMAC vouches for the profile as well as the shopper. */
export function profileMessage(externalId: string, email: string | undefined, name: string | undefined) {
  return [externalId, email?.trim() ?? '', name?.trim() ?? ''].join('\u0000');
}

function hexToBytes(hex: string): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}

async function signedByAny(message: string, signature: string, secretKeyHashes: readonly string[]) {
  const given = signature.trim().toLowerCase();
  for (const hash of secretKeyHashes) {
    if (timingSafeEqual(await hmacSha256Hex(hexToBytes(hash), message), given)) return true;
  }
  return false;
}

export async function verifyIdentitySignature(
  externalId: string,
  signature: string,
  secretKeyHashes: readonly string[],
): Promise<boolean> {
  if (externalId.includes('\u0000')) return false;
  return signedByAny(externalId, signature, secretKeyHashes);
}

/** Null when the signature vouches for nothing; otherwise what it vouches for. */
export async function verifyIdentity(
  claim: IdentityClaim,
  secretKeyHashes: readonly string[],
): Promise<VerifiedIdentity | null> {
  const email = claim.email ?? undefined;
  const name = claim.name ?? undefined;
  if ([claim.external_id, email ?? '', name ?? ''].some((field) => field.includes('\u0000'))) return null;
  if (
    (email !== undefined || name !== undefined) &&
    (await signedByAny(profileMessage(claim.external_id, email, name), claim.signature, secretKeyHashes))
  ) {
    return { externalId: claim.external_id, profile: { email, name } };
  }
  if (await signedByAny(claim.external_id, claim.signature, secretKeyHashes)) {
    return { externalId: claim.external_id, profile: null };
  }
  return null;
}
