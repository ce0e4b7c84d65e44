// Customers by lifecycle segment, a page at a time (`starting_after` is the last id shown).
import { useEffect, useState } from 'preact/hooks';
import { SEGMENTS, type Segment } from '../../src/domain/segments.ts';
import type { CustomerObject } from '../../src/schemas/customer.ts';
import { type ApiList, callApi, messageOf } from './api.ts';
import { formatCount, formatMoney } from './format.ts';
import { rememberCustomers } from './known-customers.ts';
import { SEGMENT_LABELS } from './labels.ts';
import { displayCurrency } from './program-store.ts';
import { reloadToken } from './use-api-get.ts';

const PAGE_SIZE = 20;

function customersPath(segment: Segment | '', startingAfter?: string): `/v1/${string}` {
  const query = new URLSearchParams({ limit: String(PAGE_SIZE) });
  if (segment) query.set('segment', segment);
  if (startingAfter) query.set('starting_after', startingAfter);
  return `/v1/customers?${query}`;
}

function CustomerRow({ customer, currency }: { customer: CustomerObject; currency: string }) {
  return (
    <tr>
      <th scope="row" class="wrap">
        <span class="strong block">{customer.name ?? customer.external_id}</span>
        <span class="muted small">{customer.email ?? customer.external_id}</span>
      </th>
      <td>
        <code>{customer.referral_code}</code>
      </td>
      <td class="num">{formatCount(customer.points_balance)}</td>
      <td>{customer.tier ?? <span class="muted">—</span>}</td>
      <td>
        <span class={`badge segment-${customer.segment}`}>{SEGMENT_LABELS[customer.segment]}</span>
      </td>
      <td class="num">
        {formatCount(customer.orders_count)}
        <span class="muted small block">{formatMoney(customer.total_spent, currency)}</span>
      </td>
      <td class="num">{formatCount(customer.stats.clicks)}</td>
      <td class="num">{formatCount(customer.stats.referrals)}</td>
      <td class="num">{formatCount(customer.stats.conversions)}</td>
    </tr>
  );
}

export function CustomersPanel() {
  const [segment, setSegment] = useState<Segment | ''>('');
  const [customers, setCustomers] = useState<CustomerObject[]>([]);
  const [hasMore, setHasMore] = useState(false);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const reload = reloadToken.value;

  const fetchPage = async (startingAfter?: string) => {
    const page = await callApi<ApiList<CustomerObject>>('GET', customersPath(segment, startingAfter));
    rememberCustomers(page.data);
    return page;
  };

  // A new segment (or a refresh) starts again from the first page.
  useEffect(() => {
    let current = true;
    setLoading(true);
    setError(null);
    fetchPage().then(
      (page) => {
        if (!current) return;
        setCustomers(page.data);
        setHasMore(page.has_more);
        setLoading(false);
      },
      (failure: unknown) => {
        if (!current) return;
        setError(messageOf(failure));
        setLoading(false);
      },
    );
    return () => {
      current = false;
    };
  }, [segment, reload]);

  const loadMore = async () => {
    const last = customers[customers.length - 1];
    if (!last) return;
    setLoading(true);
    try {
      const page = await fetchPage(last.id);
      setCustomers((shown) => [...shown, ...page.data]);
      setHasMore(page.has_more);
      setError(null);
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setLoading(false);
    }
  };

  const currency = displayCurrency.value;
  return (
    <section id="customers" class="panel" aria-labelledby="customers-title" aria-busy={loading}>
      <div class="panel-head">
        <div>
          <h2 id="customers-title">Customers</h2>
          <p class="muted" aria-live="polite">
            {loading && customers.length === 0
              ? 'Loading…'
              : `Showing ${formatCount(customers.length)}${hasMore ? '' : ' (all)'}`}
          </p>
        </div>
        <div class="field inline">
          <label for="segment-filter">Segment</label>
          <select
            id="segment-filter"
            value={segment}
            onChange={(event) => setSegment(event.currentTarget.value as Segment | '')}
          >
            <option value="">All segments</option>
            {SEGMENTS.map((s) => (
              <option key={s} value={s}>
                {SEGMENT_LABELS[s]}
              </option>
            ))}
          </select>
        </div>
      </div>
      {error ? (
        <p class="banner error" role="alert">
          {error}
        </p>
      ) : null}
      {customers.length === 0 && !loading ? (
        <p class="empty">No customers in this segment yet.</p>
      ) : (
        <div class="table-scroll">
          <table>
            <caption class="visually-hidden">Customers</caption>
            <thead>
              <tr>
                <th scope="col">Customer</th>
                <th scope="col">Referral code</th>
                <th scope="col" class="num">
                  Points
                </th>
                <th scope="col">Tier</th>
                <th scope="col">Segment</th>
                <th scope="col" class="num">
                  Orders
                </th>
                <th scope="col" class="num">
                  Clicks
                </th>
                <th scope="col" class="num">
                  Referrals
                </th>
                <th scope="col" class="num">
                  Conversions
                </th>
              </tr>
            </thead>
            <tbody>
              {customers.map((customer) => (
                <CustomerRow key={customer.id} customer={customer} currency={currency} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {hasMore ? (
        <button type="button" class="button load-more" disabled={loading} onClick={loadMore}>
          {loading ? 'Loading…' : 'Load more'}
        </button>
      ) : null}
    </section>
  );
}
