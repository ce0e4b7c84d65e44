// Share links built synchronously inside the click: channel-tagged referral URLs and share intents.
import type { ShareChannel } from './types.ts';

/** Channels that open a third-party share page (or app) with the link in it. */
export type IntentChannel = 'whatsapp' | 'x' | 'facebook' | 'email' | 'sms' | 'line';

/**
 * Tags a referral URL with the channel it was shared on, the same way `POST /v1/client/shares` does,
 * so a link can be built synchronously inside the click (popup blockers and `navigator.share` both need
 * the user's gesture) while the share itself is recorded in the background.
 * @example
 * taggedShareUrl('https://shop.example/?ref=ANN-7K2Q', 'whatsapp');
 * // 'https://shop.example/?ref=ANN-7K2Q&fw_ch=whatsapp'
 */
export function taggedShareUrl(referralUrl: string, channel: ShareChannel): string {
  try {
    const url = new URL(referralUrl);
    url.searchParams.set('fw_ch', channel);
    return url.toString();
  } catch {
    return referralUrl;
  }
}

/**
 * The address that shares `url` with `text` on a channel: a web intent, `mailto:` or `sms:`.
 * @example
 * shareIntentUrl('x', 'https://shop.example/?ref=ANN-7K2Q', 'Get 10% off');
 * // 'https://x.com/intent/tweet?text=Get%2010%25%20off&url=https%3A%2F%2Fshop.example%2F%3Fref%3DANN-7K2Q'
 */
export function shareIntentUrl(channel: IntentChannel, url: string, text: string): string {
  const u = encodeURIComponent(url);
  const t = encodeURIComponent(text);
  const both = encodeURIComponent(`${text} ${url}`);
  switch (channel) {
    case 'whatsapp':
      return `https://wa.me/?text=${both}`;
    case 'x':
      return `https://x.com/intent/tweet?text=${t}&url=${u}`;
    case 'facebook':
      return `https://www.facebook.com/sharer/sharer.php?u=${u}`;
    case 'email':
      return `mailto:?subject=${t}&body=${both}`;
    case 'sms':
      // `?&body=` is the one form both iOS and Android read.
      return `sms:?&body=${both}`;
    case 'line':
      return `https://line.me/R/share?text=${both}`;
  }
}
