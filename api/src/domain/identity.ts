// Identity signatures: hex HMAC-SHA256(secret key, external_id), computed by the
// merchant's server. Secret keys are longer than the 64-byte HMAC block, so HMAC keys itself with
// SHA-256(secret key) — exactly the hash we store — and we can verify without ever storing the key.
import { hmacSha256Hex, timingSafeEqual } from '../crypto.ts';

function hexToBytes(hex: string): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}

export async function verifyIdentitySignature(
  externalId: string,
  signature: string,
  secretKeyHashes: readonly string[],
): Promise<boolean> {
  const given = signature.trim().toLowerCase();
  for (const hash of secretKeyHashes) {
    if (timingSafeEqual(await hmacSha256Hex(hexToBytes(hash), externalId), given)) return true;
  }
  return false;
}
