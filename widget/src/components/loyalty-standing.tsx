// The shopper's loyalty standing in the Earn tab: progress to the next tier on the program's own basis
// and window, and when points expire next (either expiry mode). Everything comes from the bootstrap
// answer's `lifecycle`, measured as the API measures it.
import type { ClientState } from '../../../sdk/src/browser/types.ts';
import { formatDate, formatMoney } from '../format.ts';
import { fill } from '../i18n/locale.ts';
import type { WidgetStore } from '../store.ts';

type Lifecycle = NonNullable<ClientState['lifecycle']>;
type Progress = NonNullable<Lifecycle['tier_progress']>;

const pointsText = (s: WidgetStore, points: number) => fill(s.t.value.points, { points }, s.locale);

/** The bar and the line under it; null when the answer carries no progress (older API). */
export function TierProgress({ progress, s }: { progress: Progress; s: WidgetStore }) {
  const t = s.t.value;
  const { next } = progress;
  const left = next ? Math.max(next.threshold - progress.amount, 0) : 0;
  const toNext = !next
    ? t.tier_top
    : progress.basis === 'spend'
      ? fill(t.tier_next_spend, {
          amount: formatMoney(left, progress.currency ?? 'USD', s.locale),
          tier: next.name,
        })
      : fill(t.tier_next, { points: left, tier: next.name }, s.locale);
  return (
    <>
      {next && (
        <progress
          value={Math.min(progress.amount, next.threshold)}
          max={next.threshold}
          aria-label={toNext}
        />
      )}
      <p class="fw-muted">{toNext}</p>
      {progress.window_months !== null && (
        <p class="fw-muted">{fill(t.tier_window, { months: progress.window_months }, s.locale)}</p>
      )}
    </>
  );
}

export function ExpiringPoints({ lifecycle, s }: { lifecycle: Lifecycle | undefined; s: WidgetStore }) {
  const expiring = lifecycle?.points_expiring;
  if (!expiring) return null;
  const t = s.t.value;
  const text = fill(expiring.mode === 'batch' ? t.expire_batch : t.expire_idle, {
    points: pointsText(s, expiring.points),
    date: formatDate(expiring.at, s.locale),
  });
  return <p class="fw-muted">{text}</p>;
}
