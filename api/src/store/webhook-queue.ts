// The delivery job's queries: fan events out into deliveries, claim due deliveries under a lease, and
// record each attempt, each in the transaction the job opens (jobs/webhook-queue.ts). On PostgreSQL
// claims use FOR UPDATE SKIP LOCKED, so any number of worker processes share the queue; the lease (`locked_until`) keeps a claimed delivery away from others
// while it is being sent, and fences the result: only the holder of the lease may record it.
import { sql } from 'kysely';
import { lockRows } from '../db/dialect.ts';
import { type Executor, readJson } from '../db/schema.ts';
import { newId } from '../ids.ts';
import { disableEndpoint } from './webhooks.ts';

const DISPATCH_BATCH = 200;
const INSERT_CHUNK = 500;

/**
 * Creates one delivery per (event, matching enabled endpoint) for events not yet dispatched, then marks
 * them dispatched — in one transaction, so an event is fanned out exactly once even when a late-committing
 * transaction wrote it after newer ones. Endpoints created after an event do not receive it.
 */
export async function fanOutEvents(trx: Executor, now: Date): Promise<number> {
  const query = trx
    .selectFrom('events')
    .select(['id', 'merchant_id', 'type', 'created_at'])
    .where('dispatched_at', 'is', null)
    .orderBy('id')
    .limit(DISPATCH_BATCH);
  const events = await lockRows(trx, query, { skipLocked: true }).execute();
  if (events.length === 0) return 0;

  const merchantIds = [...new Set(events.map((e) => e.merchant_id))];
  const endpoints = await trx
    .selectFrom('webhook_endpoints')
    .select(['id', 'merchant_id', 'events', 'created_at'])
    .where('merchant_id', 'in', merchantIds)
    .where('status', '=', 'enabled')
    .where('deleted_at', 'is', null)
    .execute();
  const filters = new Map(endpoints.map((e) => [e.id, new Set(readJson<string[]>(e.events, ['*']))]));

  const at = now.toISOString();
  const deliveries = events.flatMap((event) =>
    endpoints
      .filter((endpoint) => {
        const wanted = filters.get(endpoint.id)!;
        return (
          endpoint.merchant_id === event.merchant_id &&
          endpoint.created_at <= event.created_at &&
          (wanted.has('*') || wanted.has(event.type))
        );
      })
      .map((endpoint) => ({
        id: newId('whd', now.getTime()),
        merchant_id: event.merchant_id,
        endpoint_id: endpoint.id,
        event_id: event.id,
        status: 'pending' as const,
        attempts: 0,
        next_attempt_at: at,
        locked_until: null,
        last_status_code: null,
        last_error: null,
        last_attempt_at: null,
        created_at: at,
      })),
  );
  for (let i = 0; i < deliveries.length; i += INSERT_CHUNK) {
    await trx
      .insertInto('webhook_deliveries')
      .values(deliveries.slice(i, i + INSERT_CHUNK))
      .onConflict((oc) => oc.columns(['endpoint_id', 'event_id']).doNothing())
      .execute();
  }
  await trx
    .updateTable('events')
    .set({ dispatched_at: at })
    .where(
      'id',
      'in',
      events.map((e) => e.id),
    )
    .execute();
  return events.length;
}

export interface ClaimedDelivery {
  id: string;
  attempts: number;
  /** The lease this worker holds; recording requires it to be unchanged. */
  lease: string;
  endpoint: { id: string; url: string; secrets: string[] };
  event: { id: string; type: string; created_at: string; data: string; customer_id: string | null };
}

/**
 * Claims up to `limit` due deliveries. A delivery waits while an earlier event for the same customer
 * and endpoint is pending retry or being sent by another worker, so a customer's events arrive in order
 * where possible.
 */
export async function claimDeliveries(
  trx: Executor,
  now: Date,
  options: { limit: number; leaseMs: number },
): Promise<ClaimedDelivery[]> {
  const at = now.toISOString();
  const lease = new Date(now.getTime() + options.leaseMs).toISOString();
  const query = trx
    .selectFrom('webhook_deliveries as d')
    .innerJoin('events as e', 'e.id', 'd.event_id')
    .innerJoin('webhook_endpoints as w', 'w.id', 'd.endpoint_id')
    .select([
      'd.id',
      'd.attempts',
      'w.id as endpoint_id',
      'w.url',
      'w.secret',
      'w.previous_secret',
      'w.previous_secret_expires_at',
      'e.id as event_id',
      'e.type',
      'e.created_at',
      'e.data',
      'e.customer_id',
    ])
    .where('d.status', '=', 'pending')
    .where('d.next_attempt_at', '<=', at)
    .where((eb) => eb.or([eb('d.locked_until', 'is', null), eb('d.locked_until', '<=', at)]))
    .where('w.status', '=', 'enabled')
    .where('w.deleted_at', 'is', null)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('webhook_deliveries as p')
            .innerJoin('events as pe', 'pe.id', 'p.event_id')
            .select(sql.lit(1).as('one'))
            .whereRef('p.endpoint_id', '=', 'd.endpoint_id')
            .where('p.status', '=', 'pending')
            .whereRef('p.event_id', '<', 'd.event_id')
            .whereRef('pe.customer_id', '=', 'e.customer_id')
            .where((inner) => inner.or([inner('p.attempts', '>', 0), inner('p.locked_until', '>', at)])),
        ),
      ),
    )
    .orderBy('d.next_attempt_at')
    .orderBy('d.event_id')
    .limit(options.limit);
  const rows = await lockRows(trx, query, { of: 'd', skipLocked: true }).execute();
  if (rows.length === 0) return [];
  await trx
    .updateTable('webhook_deliveries')
    .set({ locked_until: lease })
    .where(
      'id',
      'in',
      rows.map((r) => r.id),
    )
    .execute();
  return rows.map((r) => ({
    id: r.id,
    attempts: r.attempts,
    lease,
    endpoint: {
      id: r.endpoint_id,
      url: r.url,
      secrets:
        r.previous_secret && r.previous_secret_expires_at && r.previous_secret_expires_at > at
          ? [r.secret, r.previous_secret]
          : [r.secret],
    },
    event: {
      id: r.event_id,
      type: r.type,
      created_at: r.created_at,
      data: r.data,
      customer_id: r.customer_id,
    },
  }));
}

/** Gives a claimed delivery back unsent (a later event whose predecessor just failed, or no time left). */
export async function releaseDelivery(db: Executor, delivery: ClaimedDelivery): Promise<void> {
  await db
    .updateTable('webhook_deliveries')
    .set({ locked_until: null })
    .where('id', '=', delivery.id)
    .where('locked_until', '=', delivery.lease)
    .execute();
}

export interface AttemptOutcome {
  statusCode: number | null;
  error: string | null;
  durationMs: number;
  succeeded: boolean;
  /** The receiver answered 410 Gone: it wants no more deliveries. */
  gone: boolean;
  /** Null when no attempt is left: the delivery has failed for good. */
  nextAttemptAt: Date | null;
}

/** Records one attempt; returns false when the lease was lost (another worker owns the delivery now). */
export async function recordDeliveryAttempt(
  trx: Executor,
  delivery: ClaimedDelivery,
  outcome: AttemptOutcome,
  now: Date,
): Promise<boolean> {
  const at = now.toISOString();
  const attempt = delivery.attempts + 1;
  const status = outcome.succeeded
    ? 'succeeded'
    : outcome.nextAttemptAt && !outcome.gone
      ? 'pending'
      : 'failed';
  const result = await trx
    .updateTable('webhook_deliveries')
    .set({
      status,
      attempts: attempt,
      next_attempt_at: status === 'pending' ? outcome.nextAttemptAt!.toISOString() : null,
      locked_until: null,
      last_status_code: outcome.statusCode,
      last_error: outcome.error,
      last_attempt_at: at,
    })
    .where('id', '=', delivery.id)
    .where('locked_until', '=', delivery.lease)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) return false;
  await trx
    .insertInto('webhook_attempts')
    .values({
      id: newId('wha', now.getTime()),
      delivery_id: delivery.id,
      attempt,
      status_code: outcome.statusCode,
      error: outcome.error,
      duration_ms: outcome.durationMs,
      created_at: at,
    })
    .execute();
  if (outcome.gone) await disableEndpoint(trx, delivery.endpoint.id, 'gone: the receiver answered 410', now);
  return true;
}
