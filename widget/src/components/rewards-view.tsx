import { formatDate, formatNumber, formatReward } from '../format.ts';
import type { Messages } from '../i18n/en.ts';
import { fill } from '../i18n/locale.ts';
import type { WidgetStore } from '../store.ts';
import { CopyField } from './copy-field.tsx';

function reasonLabel(reason: string, t: Messages): string {
  const key = `reason_${reason.split(':')[0]}` as keyof Messages;
  return t[key] ?? reason;
}

export function RewardsView({ s }: { s: WidgetStore }) {
  const t = s.t.value;
  const customer = s.state.value?.customer;
  if (!customer) return <p class="fw-muted">{t.join_prompt}</p>;
  const coupons = customer.rewards.filter((r) => r.kind !== 'points' && r.status !== 'voided');
  return (
    <div>
      <div class="fw-box">
        <span class="fw-muted">{t.balance}</span>
        <p class="fw-lead">{fill(t.points, { points: customer.points_balance }, s.locale)}</p>
      </div>
      <h3>{t.coupons}</h3>
      {coupons.length === 0 && <p class="fw-muted">{t.no_coupons}</p>}
      <ul class="fw-list">
        {coupons.map((reward) => (
          <li key={reward.id}>
            {reward.coupon_code && reward.status === 'issued' ? (
              <CopyField
                label={formatReward(reward.reward, t, s.locale)}
                value={reward.coupon_code}
                copyLabel={`${t.copy_code} ${reward.coupon_code}`}
                buttonText={t.copy}
                copiedText={t.copied}
                code
              />
            ) : (
              <>
                <span>{formatReward(reward.reward, t, s.locale)}</span>
                <span class="fw-muted">{reward.status === 'pending' ? t.pending : reward.coupon_code}</span>
              </>
            )}
          </li>
        ))}
      </ul>
      <h3>{t.points_history}</h3>
      {customer.ledger.length === 0 && <p class="fw-muted">{t.no_points}</p>}
      <ul class="fw-list">
        {customer.ledger.map((entry, index) => (
          <li key={`${entry.created_at}-${index}`}>
            <span>
              {reasonLabel(entry.reason, t)}{' '}
              <span class="fw-muted">{formatDate(entry.created_at, s.locale)}</span>
            </span>
            <b>
              {entry.delta > 0 ? '+' : ''}
              {formatNumber(entry.delta, s.locale)}
            </b>
          </li>
        ))}
      </ul>
    </div>
  );
}
