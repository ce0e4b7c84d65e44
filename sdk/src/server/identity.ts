// Signs a shopper's identity for the widget's `identify`: hex HMAC-SHA256 of the external_id, keyed
// with the secret key. The API recomputes it, so a shopper cannot claim someone else's account.
import { hmacSha256, toHex, utf8 } from './encoding.ts';

/**
 * Computes the `signature` the widget sends with `identify`, for code that has the secret key but no
 * client; see {@link Identity.sign}.
 *
 * @example
 * const signature = await signIdentity(process.env.FLYWHEEL_SECRET_KEY!, 'u_42');
 */
export async function signIdentity(secretKey: string, externalId: string): Promise<string> {
  return toHex(await hmacSha256(utf8(secretKey), utf8(externalId)));
}

/** `fw.identity`: identity signatures for the widget. */
export class Identity {
  readonly #secretKey: string;

  constructor(secretKey: string) {
    this.#secretKey = secretKey;
  }

  /**
   * The hex HMAC-SHA256 of `externalId` with your secret key. Compute it on your server for the
   * signed-in shopper and hand it to the page; never ship the secret key to a browser.
   *
   * @example
   * const signature = await fw.identity.sign(user.id);
   * // in the page: flywheel('identify', { id: user.id, email: user.email, signature })
   */
  sign(externalId: string): Promise<string> {
    return signIdentity(this.#secretKey, externalId);
  }
}
