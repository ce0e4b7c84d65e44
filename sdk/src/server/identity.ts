// Signs a shopper's identity for the widget's `identify`: hex HMAC-SHA256 keyed with the secret key.
// The API recomputes it, so a shopper cannot claim someone else's account — nor, when the signature
// covers them, change the email and name your server stated.
import { hmacSha256, toHex, utf8 } from './encoding.ts';

/** The profile a signature may vouch for; Flywheel stores these only when they are signed. */
export interface IdentityProfile {
  email?: string | null | undefined;
  name?: string | null | undefined;
}

/**
 * Computes the `signature` the widget sends with `identify`, for code that has the secret key but no
 * client; see {@link Identity.sign}. With a profile, the message is `externalId NUL email NUL name`
 * (each trimmed, an absent one empty); without, `externalId` alone.
 *
 * @example
 * const signature = await signIdentity(process.env.FLYWHEEL_SECRET_KEY!, 'u_42', { email: 'ann@example.com' });
 */
export async function signIdentity(
  secretKey: string,
  externalId: string,
  profile: IdentityProfile = {},
): Promise<string> {
  const email = profile.email?.trim() || undefined;
  const name = profile.name?.trim() || undefined;
  const message =
    email === undefined && name === undefined
      ? externalId
      : [externalId, email ?? '', name ?? ''].join('\u0000');
  return toHex(await hmacSha256(utf8(secretKey), utf8(message)));
}

/** `fw.identity`: identity signatures for the widget. */
export class Identity {
  readonly #secretKey: string;

  constructor(secretKey: string) {
    this.#secretKey = secretKey;
  }

  /**
   * The hex HMAC-SHA256 that signs in `externalId` — and vouches for the `email` and `name` you pass,
   * which Flywheel then stores. Email and name sent without being signed are ignored. Compute it on
   * your server for the signed-in shopper and hand it to the page; never ship the secret key to a browser.
   *
   * @example
   * const signature = await fw.identity.sign(user.id, { email: user.email, name: user.name });
   * // in the page: flywheel('identify', { id: user.id, email: user.email, name: user.name, signature })
   */
  sign(externalId: string, profile: IdentityProfile = {}): Promise<string> {
    return signIdentity(this.#secretKey, externalId, profile);
  }
}
