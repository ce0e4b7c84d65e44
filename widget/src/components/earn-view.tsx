import { useSignal } from '@preact/signals';
import type { Reward } from '../../../sdk/src/browser/types.ts';
import { formatReward } from '../format.ts';
import { fill } from '../i18n/locale.ts';
import type { WidgetStore } from '../store.ts';
import { AnyAmount } from './any-amount.tsx';
import { CopyField } from './copy-field.tsx';
import { AutomationMessages, CampaignBanners, customWays } from './lifecycle-extras.tsx';
import { ExpiringPoints, TierProgress } from './loyalty-standing.tsx';

export function EarnView({ s }: { s: WidgetStore }) {
  const t = s.t.value;
  const state = s.state.value;
  const busy = useSignal<string | null>(null);
  const error = useSignal('');
  const redeemed = useSignal<Reward | null>(null);
  if (!state) return null;
  const { program, customer } = state;
  const loyalty = program.loyalty?.enabled ? program.loyalty : undefined;
  const points = (count: number) => fill(t.points, { points: count }, s.locale);
  const ways: [string, string][] = [];
  if (program.referral?.enabled && program.referral.referrer_reward) {
    ways.push([t.earn_referral, formatReward(program.referral.referrer_reward, t, s.locale)]);
  }
  if (program.share_to_earn?.enabled && program.share_to_earn.reward) {
    ways.push([t.earn_share, formatReward(program.share_to_earn.reward, t, s.locale)]);
  }
  if (loyalty?.points_per_unit)
    ways.push([t.earn_purchase, fill(t.per_unit, { points: loyalty.points_per_unit }, s.locale)]);
  if (loyalty?.signup_points) ways.push([t.earn_signup, points(loyalty.signup_points)]);
  if (loyalty?.birthday_points) ways.push([t.earn_birthday, points(loyalty.birthday_points)]);
  if (loyalty) ways.push(...customWays(state.lifecycle, s));

  const redeem = async (optionId: string, cost: number) => {
    busy.value = optionId;
    error.value = '';
    try {
      const reward = await s.client.redeem(optionId);
      redeemed.value = reward;
      const current = s.state.value;
      if (current?.customer) {
        s.state.value = {
          ...current,
          customer: {
            ...current.customer,
            points_balance: current.customer.points_balance - cost,
            rewards: [reward, ...current.customer.rewards],
          },
        };
      }
    } catch {
      error.value = t.error;
    } finally {
      busy.value = null;
    }
  };

  const next = customer?.next_tier;
  const toNext = next
    ? fill(
        t.tier_next,
        { points: Math.max(next.threshold_points - (customer?.points_balance ?? 0), 0), tier: next.name },
        s.locale,
      )
    : '';
  return (
    <div>
      <CampaignBanners lifecycle={state.lifecycle} s={s} />
      <AutomationMessages lifecycle={state.lifecycle} s={s} />
      <h3>{t.ways_to_earn}</h3>
      <ul class="fw-list">
        {ways.map(([label, value]) => (
          <li key={label}>
            <span>{label}</span>
            <b>{value}</b>
          </li>
        ))}
      </ul>
      {!customer && <p class="fw-muted fw-status">{t.join_prompt}</p>}
      {customer && loyalty && (
        <div>
          <h3>{t.tier}</h3>
          <div class="fw-box">
            <p>
              <b>{customer.tier ?? t.tier_none}</b> · {points(customer.points_balance)}
            </p>
            {state.lifecycle?.tier_progress ? (
              <TierProgress progress={state.lifecycle.tier_progress} s={s} />
            ) : next ? (
              <>
                <progress
                  value={Math.min(customer.points_balance, next.threshold_points)}
                  max={next.threshold_points}
                  aria-label={toNext}
                />
                <p class="fw-muted">{toNext}</p>
              </>
            ) : (
              <p class="fw-muted">{t.tier_top}</p>
            )}
            <ExpiringPoints lifecycle={state.lifecycle} s={s} />
          </div>
          {((loyalty.redemption_options ?? []).length > 0 || state.lifecycle?.any_amount) && (
            <h3>{t.redeem_title}</h3>
          )}
          <ul class="fw-list">
            {(loyalty.redemption_options ?? []).map((option) => {
              const affordable = customer.points_balance >= option.points;
              return (
                <li key={option.id}>
                  <span>
                    {formatReward(option.reward, t, s.locale)}
                    <br />
                    <span class="fw-muted">{affordable ? points(option.points) : t.not_enough}</span>
                  </span>
                  <button
                    type="button"
                    class="fw-btn"
                    disabled={!affordable || busy.value !== null}
                    aria-label={`${t.redeem}: ${formatReward(option.reward, t, s.locale)}`}
                    onClick={() => redeem(option.id, option.points)}
                  >
                    {t.redeem}
                  </button>
                </li>
              );
            })}
          </ul>
          {state.lifecycle?.any_amount && <AnyAmount rate={state.lifecycle.any_amount} s={s} />}
          {redeemed.value?.coupon_code && (
            <CopyField
              label={t.your_new_code}
              value={redeemed.value.coupon_code}
              copyLabel={t.copy_code}
              buttonText={t.copy}
              copiedText={t.copied}
              code
            />
          )}
          <p class="fw-status fw-error" role="alert">
            {error.value}
          </p>
        </div>
      )}
    </div>
  );
}
