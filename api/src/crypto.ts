// Web Crypto helpers: the API runs on Node, Workers, Bun and Deno, so no static `node:crypto` import.
const encoder = new TextEncoder();

/**
 * A one-shot synchronous SHA-256 where the runtime has one (Node ≥ 20.12, Bun, Deno and Workers with
 * Node compatibility expose `node:crypto` through `process.getBuiltinModule`). Web Crypto's digest is
 * asynchronous: on Node each call is a job handed to the thread pool and back, about 40 µs for a
 * hash of a hundred bytes, where the synchronous one takes about 1 µs — and the bootstrap hashes the
 * IP and the user agent on every page view.
 */
const nodeHash: ((algorithm: string, data: string, encoding: 'hex') => string) | undefined = (() => {
  try {
    const builtin = (
      globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }
    ).process?.getBuiltinModule?.('node:crypto') as { hash?: unknown } | undefined;
    return typeof builtin?.hash === 'function' ? (builtin.hash as never) : undefined;
  } catch {
    return undefined;
  }
})();

export function toHex(buffer: ArrayBuffer): string {
  let out = '';
  for (const byte of new Uint8Array(buffer)) out += byte.toString(16).padStart(2, '0');
  return out;
}

export async function sha256Hex(text: string): Promise<string> {
  if (nodeHash) return nodeHash('sha256', text, 'hex');
  return toHex(await crypto.subtle.digest('SHA-256', encoder.encode(text)));
}

async function hmacKey(secret: string | Uint8Array<ArrayBuffer>): Promise<CryptoKey> {
  const raw = typeof secret === 'string' ? encoder.encode(secret) : secret;
  return crypto.subtle.importKey('raw', raw, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
}

export async function hmacSha256(
  secret: string | Uint8Array<ArrayBuffer>,
  message: string,
): Promise<ArrayBuffer> {
  return crypto.subtle.sign('HMAC', await hmacKey(secret), encoder.encode(message));
}

export async function hmacSha256Hex(
  secret: string | Uint8Array<ArrayBuffer>,
  message: string,
): Promise<string> {
  return toHex(await hmacSha256(secret, message));
}

/** Compares in time independent of where the strings differ, so signatures cannot be guessed byte by byte. */
export function timingSafeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
