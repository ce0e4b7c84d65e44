import { useSignal } from '@preact/signals';
import { type IntentChannel, shareIntentUrl, taggedShareUrl } from '../../../sdk/src/browser/share-links.ts';
import type { ClientCustomer } from '../../../sdk/src/browser/types.ts';
import { recordShare } from '../actions.ts';
import { fill } from '../i18n/locale.ts';
import type { WidgetStore } from '../store.ts';
import { QrCode } from './qr-code.tsx';

const BRANDS: [IntentChannel, string][] = [
  ['whatsapp', 'WhatsApp'],
  ['x', 'X'],
  ['facebook', 'Facebook'],
  ['email', ''],
  ['sms', ''],
  ['line', 'LINE'],
];

export function ShareButtons({
  s,
  customer,
  text,
}: {
  s: WidgetStore;
  customer: ClientCustomer;
  text: string;
}) {
  const t = s.t.value;
  const qr = useSignal(false);
  const nav = globalThis.navigator as Navigator | undefined;
  const canShare = typeof nav?.share === 'function';
  const name = (channel: IntentChannel, brand: string) => brand || (channel === 'email' ? t.email : t.sms);
  const shareNatively = () => {
    const url = taggedShareUrl(customer.referral_url, 'native');
    nav
      ?.share({ title: t.invite_title_plain, text, url })
      .then(() => recordShare(s, 'native'))
      // Dismissing the share sheet rejects; that is not an error worth surfacing.
      .catch(() => {});
  };
  return (
    <div>
      <div class="fw-share">
        {canShare && (
          <button type="button" class="fw-btn" onClick={shareNatively}>
            {t.share}
          </button>
        )}
        {BRANDS.map(([channel, brand]) => (
          <a
            key={channel}
            class="fw-btn2"
            href={shareIntentUrl(channel, taggedShareUrl(customer.referral_url, channel), text)}
            target="_blank"
            rel="noopener noreferrer"
            aria-label={fill(t.share_on, { channel: name(channel, brand) })}
            onClick={() => recordShare(s, channel)}
          >
            {name(channel, brand)}
          </a>
        ))}
        <button
          type="button"
          class="fw-btn2"
          aria-expanded={qr.value}
          aria-label={fill(t.share_on, { channel: t.wechat })}
          onClick={() => {
            qr.value = !qr.value;
            if (qr.value) recordShare(s, 'wechat');
          }}
        >
          {t.wechat}
        </button>
      </div>
      {qr.value && (
        <div>
          <p class="fw-muted">{t.wechat_title}</p>
          <QrCode s={s} text={taggedShareUrl(customer.referral_url, 'wechat')} label={t.qr_label} />
        </div>
      )}
    </div>
  );
}
