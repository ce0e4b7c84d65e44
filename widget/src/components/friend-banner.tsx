import { useSignal } from '@preact/signals';
import { formatReward } from '../format.ts';
import { fill } from '../i18n/locale.ts';
import type { WidgetStore } from '../store.ts';
import { CopyField } from './copy-field.tsx';

export function FriendBanner({ s }: { s: WidgetStore }) {
  const t = s.t.value;
  const offer = s.state.value?.friend_offer;
  const email = useSignal('');
  const busy = useSignal(false);
  const error = useSignal('');
  if (!offer) return null;
  const claim = s.claim.value;
  const reward = formatReward(claim?.reward ?? offer.reward, t, s.locale);
  const title = offer.referrer_name
    ? fill(t.friend_title, { name: offer.referrer_name, reward })
    : fill(t.friend_title_anon, { reward });

  const onSubmit = async (event: Event) => {
    event.preventDefault();
    busy.value = true;
    error.value = '';
    try {
      s.claim.value = await s.client.claimOffer(email.value.trim());
    } catch (cause) {
      error.value = (cause as { status?: number }).status === 409 ? t.error_existing : t.error;
    } finally {
      busy.value = false;
    }
  };

  return (
    <section class="fw-card fw-friend" aria-labelledby="fw-friend-title">
      <div class="fw-head">
        <h2 id="fw-friend-title">{title}</h2>
        <button
          type="button"
          class="fw-x"
          aria-label={t.dismiss}
          onClick={() => {
            s.friendDismissed.value = true;
          }}
        >
          ×
        </button>
      </div>
      {claim?.coupon_code ? (
        <CopyField
          label={t.coupon_ready}
          value={claim.coupon_code}
          copyLabel={t.copy_code}
          buttonText={t.copy}
          copiedText={t.copied}
          code
        />
      ) : (
        <form onSubmit={onSubmit}>
          <p class="fw-muted">{t.friend_body}</p>
          <label class="fw-field">
            <span>{t.email_label}</span>
            <span class="fw-row">
              <input
                class="fw-input"
                type="email"
                name="email"
                autocomplete="email"
                required
                value={email.value}
                onInput={(e) => {
                  email.value = (e.currentTarget as HTMLInputElement).value;
                }}
              />
              <button type="submit" class="fw-btn" disabled={busy.value}>
                {t.claim}
              </button>
            </span>
          </label>
          <p class="fw-status fw-error" role="alert">
            {error.value}
          </p>
        </form>
      )}
    </section>
  );
}
