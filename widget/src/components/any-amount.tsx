// "Any amount": the shopper types how many points to turn into an amount off; whole steps of the rate
// are charged (as the API charges them), and the coupon appears at once.
import { useSignal } from '@preact/signals';
import type { ClientState, Reward } from '../../../sdk/src/browser/types.ts';
import { formatMoney } from '../format.ts';
import { fill } from '../i18n/locale.ts';
import type { WidgetStore } from '../store.ts';
import { CopyField } from './copy-field.tsx';

type Rate = NonNullable<NonNullable<ClientState['lifecycle']>['any_amount']>;

export function AnyAmount({ rate, s }: { rate: Rate; s: WidgetStore }) {
  const t = s.t.value;
  const wanted = useSignal(String(rate.min_points));
  const busy = useSignal(false);
  const error = useSignal('');
  const reward = useSignal<Reward | null>(null);
  const balance = s.state.value?.customer?.points_balance ?? 0;
  const points = (n: number) => fill(t.points, { points: n }, s.locale);
  const label = fill(t.any_amount_rate, {
    amount: formatMoney(rate.amount, rate.currency, s.locale),
    points: points(rate.points),
    min: points(rate.min_points),
  });
  const asked = Math.floor(Number(wanted.value));
  const charged = Math.floor(asked / rate.points) * rate.points;
  const possible = Number.isFinite(asked) && asked >= rate.min_points && charged <= balance;

  const redeem = async () => {
    busy.value = true;
    error.value = '';
    try {
      reward.value = await s.client.redeem('any_amount', asked);
      const current = s.state.value;
      if (current?.customer) {
        s.state.value = {
          ...current,
          customer: {
            ...current.customer,
            points_balance: current.customer.points_balance - charged,
            rewards: [reward.value, ...current.customer.rewards],
          },
        };
      }
    } catch {
      error.value = t.error;
    } finally {
      busy.value = false;
    }
  };

  return (
    <div class="fw-box">
      <label for="fw-any-amount" class="fw-muted">
        {label}
      </label>
      <p>
        <input
          id="fw-any-amount"
          type="number"
          inputMode="numeric"
          min={rate.min_points}
          step={rate.points}
          value={wanted.value}
          onInput={(event) => {
            wanted.value = event.currentTarget.value;
          }}
        />{' '}
        <button type="button" class="fw-btn" disabled={!possible || busy.value} onClick={redeem}>
          {t.redeem}
        </button>
      </p>
      {reward.value?.coupon_code && (
        <CopyField
          label={t.your_new_code}
          value={reward.value.coupon_code}
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
  );
}
