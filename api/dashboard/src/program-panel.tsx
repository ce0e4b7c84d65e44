// The program at a glance (read-only), with the form for the fields merchants change most.
import type { ProgramObject } from '../../src/schemas/program.ts';
import { formatCount, formatMoney, formatReward } from './format.ts';
import { LoyaltyForm } from './loyalty-form.tsx';
import { ProgramForm } from './program-form.tsx';
import { displayCurrency, program } from './program-store.ts';

const onOff = (enabled: boolean) => (enabled ? 'On' : 'Off');
const plural = (n: number, one: string, many: string) => `${formatCount(n)} ${n === 1 ? one : many}`;

function rows(p: ProgramObject, currency: string): [string, [string, string][]][] {
  const { referral, share_to_earn: share, loyalty, new_customer_offer: offer, fraud, segments } = p;
  return [
    [
      'Referrals',
      [
        ['Status', onOff(referral.enabled)],
        ['Referrer gets', formatReward(referral.referrer_reward)],
        ['Friend gets', formatReward(referral.friend_reward)],
        [
          'Hold',
          referral.hold_days === 0 ? 'None: issued at once' : plural(referral.hold_days, 'day', 'days'),
        ],
        ['Attribution window', plural(referral.attribution_window_days, 'day', 'days')],
        [
          'Minimum order',
          referral.min_order_amount ? formatMoney(referral.min_order_amount, currency) : 'None',
        ],
        [
          'Rewards per referrer',
          referral.max_rewards_per_referrer === null
            ? 'Unlimited'
            : formatCount(referral.max_rewards_per_referrer),
        ],
        [
          'Milestones',
          referral.milestones
            .map((m) => `${plural(m.referrals, 'referral', 'referrals')} → ${formatReward(m.reward)}`)
            .join('; ') || 'None',
        ],
      ],
    ],
    [
      'Share to earn',
      [
        ['Status', onOff(share.enabled)],
        ['Reward per verified click', formatReward(share.reward)],
        ['Daily cap', formatCount(share.daily_cap)],
      ],
    ],
    [
      'Loyalty',
      [
        ['Status', onOff(loyalty.enabled)],
        ['Points per unit spent', formatCount(loyalty.points_per_unit)],
        [
          'Sign-up / birthday',
          `${formatCount(loyalty.signup_points)} / ${formatCount(loyalty.birthday_points)} points`,
        ],
        [
          'Tiers',
          loyalty.tiers
            .map((t) => `${t.name} from ${formatCount(t.threshold_points)} (×${t.multiplier})`)
            .join('; ') || 'None',
        ],
        [
          'Redemptions',
          loyalty.redemption_options
            .map((o) => `${formatCount(o.points)} points → ${formatReward(o.reward)}`)
            .join('; ') || 'None',
        ],
        [
          'Points expire',
          loyalty.points_expiry_days === null
            ? 'Never'
            : loyalty.points_expiry_mode === 'batch'
              ? `${plural(loyalty.points_expiry_days, 'day', 'days')} after each earning, oldest spent first`
              : `After ${plural(loyalty.points_expiry_days, 'day', 'days')} without activity`,
        ],
      ],
    ],
    [
      'New-customer offer',
      [
        ['Status', onOff(offer.enabled)],
        ['Reward', formatReward(offer.reward)],
        ['Needs an email', offer.requires_email ? 'Yes' : 'No'],
      ],
    ],
    [
      'Fraud review',
      [
        ['Referred orders per IP per day', formatCount(fraud.max_referred_orders_per_ip_per_day)],
        ['Flag disposable emails', fraud.flag_disposable_emails ? 'Yes' : 'No'],
        ['Flag same device as referrer', fraud.flag_same_device_as_referrer ? 'Yes' : 'No'],
      ],
    ],
    [
      'Segments',
      [
        ['Active within', plural(segments.active_days, 'day', 'days')],
        ['Silent after', plural(segments.silent_days, 'day', 'days')],
        ['High value from', plural(segments.high_value_orders, 'order', 'orders')],
      ],
    ],
    [
      'Widget',
      [
        ['Coupon prefix', p.coupon_prefix],
        ['Landing page', p.landing_url ?? 'The first allowed origin'],
        ['Position', p.theme.position],
        ['Corner radius', `${p.theme.radius}px`],
      ],
    ],
  ];
}

/** An SVG swatch: a `fill` attribute is not a style, so it needs nothing from the CSP. */
function Swatch({ color }: { color: string }) {
  return (
    <svg class="swatch" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <rect width="16" height="16" rx="4" fill={color} />
    </svg>
  );
}

export function ProgramPanel() {
  const current = program.value;
  const currency = displayCurrency.value;
  return (
    <section id="program" class="panel" aria-labelledby="program-title" aria-busy={!current}>
      <h2 id="program-title">Program</h2>
      {current ? (
        <>
          <div class="program-summary">
            {rows(current, currency).map(([title, entries]) => (
              <section key={title} aria-label={title}>
                <h3>{title}</h3>
                <dl>
                  {entries.map(([term, value]) => (
                    <div key={term}>
                      <dt>{term}</dt>
                      <dd>{value}</dd>
                    </div>
                  ))}
                  {title === 'Widget' ? (
                    <div>
                      <dt>Brand colour</dt>
                      <dd>
                        <Swatch color={current.theme.brand_color} /> <code>{current.theme.brand_color}</code>
                      </dd>
                    </div>
                  ) : null}
                </dl>
              </section>
            ))}
          </div>
          <ProgramForm program={current} />
          <LoyaltyForm program={current} />
        </>
      ) : (
        <p class="empty">Loading…</p>
      )}
    </section>
  );
}
