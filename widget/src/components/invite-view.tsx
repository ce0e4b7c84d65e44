import { recordShare } from '../actions.ts';
import { formatNumber, formatReward } from '../format.ts';
import { fill } from '../i18n/locale.ts';
import type { WidgetStore } from '../store.ts';
import { CopyField } from './copy-field.tsx';
import { ShareButtons } from './share-buttons.tsx';

/** The "give X, get Y" headline and sentence; falls back to plain wording when rewards are unset. */
export function inviteCopy(s: WidgetStore): { title: string; body: string } {
  const t = s.t.value;
  const referral = s.state.value?.program.referral;
  const friend = formatReward(referral?.friend_reward, t, s.locale);
  const referrer = formatReward(referral?.referrer_reward, t, s.locale);
  return friend && referrer
    ? { title: fill(t.invite_title, { friend, referrer }), body: fill(t.invite_body, { friend, referrer }) }
    : { title: t.invite_title_plain, body: '' };
}

export function InviteView({ s }: { s: WidgetStore }) {
  const t = s.t.value;
  const customer = s.state.value?.customer;
  const { title, body } = inviteCopy(s);
  if (!customer) {
    return (
      <div>
        <p class="fw-lead">{title}</p>
        <p class="fw-muted">{t.join_prompt}</p>
      </div>
    );
  }
  const earned = customer.rewards.filter((r) => r.status !== 'voided').length;
  const stats: [string, number][] = [
    [t.stat_clicks, customer.stats.clicks],
    [t.stat_friends, customer.stats.referrals],
    [t.stat_rewards, earned],
  ];
  return (
    <div>
      <p class="fw-lead">{title}</p>
      {body && <p class="fw-muted">{body}</p>}
      <CopyField
        label={t.your_link}
        value={customer.referral_url}
        copyLabel={t.copy_link}
        buttonText={t.copy}
        copiedText={t.copied}
        onCopy={() => recordShare(s, 'copy')}
      />
      <CopyField
        label={t.your_code}
        value={customer.referral_code}
        copyLabel={t.copy_code}
        buttonText={t.copy}
        copiedText={t.copied}
        code
      />
      <ShareButtons s={s} customer={customer} text={title} />
      <div class="fw-stats">
        {stats.map(([label, value]) => (
          <div key={label}>
            <b>{formatNumber(value, s.locale)}</b>
            <span class="fw-muted">{label}</span>
          </div>
        ))}
      </div>
    </div>
  );
}
