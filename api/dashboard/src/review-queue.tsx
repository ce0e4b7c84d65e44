// Rewards held as `pending`: flagged ones wait for the merchant. Approve issues a
// reward whose hold has passed; Void cancels it for good, so it asks for a second click.
import { signal } from '@preact/signals';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { RewardObject } from '../../src/schemas/reward.ts';
import { type ApiList, callApi, messageOf } from './api.ts';
import { formatDateTime, formatReward } from './format.ts';
import { describeCustomer } from './known-customers.ts';
import { FLAG_LABELS, labelOf, SOURCE_LABELS } from './labels.ts';
import { useApiGet } from './use-api-get.ts';

/** Pending rewards not yet decided in this session; shown in the navigation. */
export const pendingCount = signal(0);

const STATUS_LABELS: Record<string, string> = {
  pending: 'Pending',
  issued: 'Issued',
  redeemed: 'Redeemed',
  voided: 'Voided',
};

// Flagged first: those are the ones that wait for a decision; the rest only wait for their hold.
const byReviewOrder = (a: RewardObject, b: RewardObject) =>
  Number(b.flags.length > 0) - Number(a.flags.length > 0) || b.created_at.localeCompare(a.created_at);

function Flags({ flags }: { flags: readonly string[] }) {
  if (flags.length === 0) return <span class="muted">None (held)</span>;
  return (
    <ul class="flags">
      {flags.map((flag) => (
        <li key={flag} class="badge warning" title={FLAG_LABELS[flag]?.hint}>
          {FLAG_LABELS[flag]?.label ?? flag}
          <span class="visually-hidden"> ({flag})</span>
        </li>
      ))}
    </ul>
  );
}

/** A name when the Customers panel has loaded this customer, else the `cus_…` id. */
function CustomerName({ id }: { id: string }) {
  const name = describeCustomer(id);
  return name === id ? <code>{id}</code> : <span>{name}</span>;
}

function RewardRow({ reward, onDecided }: { reward: RewardObject; onDecided(next: RewardObject): void }) {
  const [busy, setBusy] = useState(false);
  const [confirmingVoid, setConfirmingVoid] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const confirmButton = useRef<HTMLButtonElement>(null);
  // The Void button is replaced by Confirm: keep keyboard focus on the row's decision.
  useEffect(() => {
    if (confirmingVoid) confirmButton.current?.focus();
  }, [confirmingVoid]);
  const name = `${labelOf(SOURCE_LABELS, reward.source)} for ${describeCustomer(reward.customer)}`;

  const decide = async (action: 'approve' | 'void') => {
    setBusy(true);
    setError(null);
    try {
      const body = action === 'void' ? { reason: 'voided_by_merchant' } : undefined;
      onDecided(
        await callApi<RewardObject>('POST', `/v1/rewards/${encodeURIComponent(reward.id)}/${action}`, body),
      );
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setBusy(false);
      setConfirmingVoid(false);
    }
  };

  const decided = reward.status !== 'pending';
  return (
    <tr>
      <th scope="row">
        <span class="strong">{labelOf(SOURCE_LABELS, reward.source)}</span>
        <span class="muted small block">{formatReward(reward.reward)}</span>
      </th>
      <td class="wrap">
        <CustomerName id={reward.customer} />
      </td>
      <td>
        <Flags flags={reward.flags} />
      </td>
      <td class="small">{formatDateTime(reward.created_at)}</td>
      <td>
        <span class={`badge status-${reward.status}`}>{STATUS_LABELS[reward.status] ?? reward.status}</span>
        {reward.coupon_code ? <code class="coupon block small">{reward.coupon_code}</code> : null}
      </td>
      <td class="actions">
        {decided ? null : confirmingVoid ? (
          <>
            <button
              ref={confirmButton}
              type="button"
              class="button danger"
              disabled={busy}
              aria-label={`Confirm void: ${name}`}
              onClick={() => decide('void')}
            >
              Confirm void
            </button>
            <button type="button" class="button" disabled={busy} onClick={() => setConfirmingVoid(false)}>
              Keep
            </button>
          </>
        ) : (
          <>
            <button
              type="button"
              class="button primary"
              disabled={busy}
              aria-label={`Approve ${name}`}
              onClick={() => decide('approve')}
            >
              Approve
            </button>
            <button
              type="button"
              class="button danger-outline"
              disabled={busy}
              aria-label={`Void ${name}`}
              onClick={() => setConfirmingVoid(true)}
            >
              Void
            </button>
          </>
        )}
        {error ? (
          <p class="field-error" role="alert">
            {error}
          </p>
        ) : null}
      </td>
    </tr>
  );
}

export function ReviewQueue() {
  const loaded = useApiGet<ApiList<RewardObject>>('/v1/rewards?status=pending&limit=100');
  const [rewards, setRewards] = useState<RewardObject[]>([]);
  const [announcement, setAnnouncement] = useState('');

  useEffect(() => {
    if (loaded.data) setRewards([...loaded.data.data].sort(byReviewOrder));
  }, [loaded.data]);

  useEffect(() => {
    pendingCount.value = rewards.filter((r) => r.status === 'pending').length;
  }, [rewards]);

  const onDecided = (next: RewardObject) => {
    setRewards((current) => current.map((r) => (r.id === next.id ? next : r)));
    const what = `${labelOf(SOURCE_LABELS, next.source)} for ${describeCustomer(next.customer)}`;
    setAnnouncement(
      next.status === 'pending'
        ? `Approved: ${what}. It is issued when its hold ends.`
        : `${STATUS_LABELS[next.status] ?? next.status}: ${what}${next.coupon_code ? ` (coupon ${next.coupon_code})` : ''}.`,
    );
  };

  return (
    <section id="review" class="panel" aria-labelledby="review-title" aria-busy={loaded.loading}>
      <div class="panel-head">
        <div>
          <h2 id="review-title">Rewards to review</h2>
          <p class="muted">Pending rewards, flagged ones first. Approve to issue, void to cancel for good.</p>
        </div>
      </div>
      <p class={announcement ? 'banner success' : 'visually-hidden'} role="status">
        {announcement}
      </p>
      {loaded.error ? (
        <p class="banner error" role="alert">
          {loaded.error}
        </p>
      ) : null}
      {rewards.length === 0 ? (
        <p class="empty">{loaded.loading ? 'Loading…' : 'Nothing to review. Every reward is decided.'}</p>
      ) : (
        <div class="table-scroll">
          <table>
            <caption class="visually-hidden">Pending rewards</caption>
            <thead>
              <tr>
                <th scope="col">Reward</th>
                <th scope="col">Customer</th>
                <th scope="col">Flags</th>
                <th scope="col">Created</th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span class="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rewards.map((reward) => (
                <RewardRow key={reward.id} reward={reward} onDecided={onDecided} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
