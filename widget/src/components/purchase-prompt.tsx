import { formatReward } from '../format.ts';
import { fill } from '../i18n/locale.ts';
import type { WidgetStore } from '../store.ts';
import { inviteCopy } from './invite-view.tsx';
import { ShareButtons } from './share-buttons.tsx';
import { SurveySlot } from './survey-slot.tsx';

/** Shown on the thank-you page after `flywheel('purchase', …)`: the moment a customer most wants to share. */
export function PurchasePrompt({ s }: { s: WidgetStore }) {
  const t = s.t.value;
  const state = s.state.value;
  const customer = state?.customer;
  const referral = state?.program.referral;
  const shareReward = state?.program.share_to_earn?.enabled ? state.program.share_to_earn.reward : null;
  const friend = formatReward(referral?.friend_reward, t, s.locale);
  const referrer = formatReward(referral?.referrer_reward, t, s.locale);
  return (
    <section class="fw-card fw-thanks" aria-labelledby="fw-thanks-title">
      <div class="fw-head">
        <h2 id="fw-thanks-title">{t.thanks_title}</h2>
        <button
          type="button"
          class="fw-x"
          aria-label={t.dismiss}
          onClick={() => {
            s.purchase.value = null;
          }}
        >
          ×
        </button>
      </div>
      {customer ? (
        <div>
          {friend && referrer && <p>{fill(t.thanks_body, { friend, referrer })}</p>}
          {shareReward && (
            <p class="fw-muted">{fill(t.thanks_earn, { reward: formatReward(shareReward, t, s.locale) })}</p>
          )}
          <ShareButtons s={s} customer={customer} text={inviteCopy(s).title} />
        </div>
      ) : (
        <p class="fw-muted">{t.join_prompt}</p>
      )}
      {s.purchase.value && (
        <SurveySlot
          key={String(s.purchase.value.order_id)}
          s={s}
          orderId={String(s.purchase.value.order_id)}
        />
      )}
    </section>
  );
}
