// The lifecycle parts of the Earn tab: running campaigns with their end, the merchant's own ways to
// earn, and the messages automations left for this shopper (with the coupon they carry).
import type { ClientState } from '../../../sdk/src/browser/types.ts';
import { formatDate } from '../format.ts';
import { fill } from '../i18n/locale.ts';
import type { WidgetStore } from '../store.ts';
import { CopyField } from './copy-field.tsx';

type Lifecycle = NonNullable<ClientState['lifecycle']>;

/** The merchant's custom ways to earn, as rows for the ways-to-earn list. */
export function customWays(lifecycle: Lifecycle | undefined, s: WidgetStore): [string, string][] {
  const t = s.t.value;
  return (lifecycle?.earn_actions ?? []).map((a) => [
    a.label || a.type,
    fill(t.points, { points: a.points }, s.locale),
  ]);
}

export function CampaignBanners({ lifecycle, s }: { lifecycle: Lifecycle | undefined; s: WidgetStore }) {
  const t = s.t.value;
  return (
    <>
      {(lifecycle?.campaigns ?? []).map((c) => (
        <div key={c.id} class="fw-box" role="status">
          <b>{c.name}</b>
          <p class="fw-muted">{fill(t.campaign_until, { date: formatDate(c.ends_at, s.locale) })}</p>
        </div>
      ))}
    </>
  );
}

export function AutomationMessages({ lifecycle, s }: { lifecycle: Lifecycle | undefined; s: WidgetStore }) {
  const t = s.t.value;
  return (
    <>
      {(lifecycle?.messages ?? []).map((m) => (
        <div key={m.id} class="fw-box">
          <b>{m.title}</b>
          {m.body && <p>{m.body}</p>}
          {m.coupon_code && (
            <CopyField
              label={t.your_new_code}
              value={m.coupon_code}
              copyLabel={t.copy_code}
              buttonText={t.copy}
              copiedText={t.copied}
              code
            />
          )}
        </div>
      ))}
    </>
  );
}
