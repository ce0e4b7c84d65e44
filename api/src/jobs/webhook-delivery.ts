// The webhook delivery job (the outbox's far end): fan new events out to endpoints, send what is due,
// record every attempt, retry on the Standard Webhooks schedule. At-least-once: a receiver may see an
// event twice (after a lost response) and must dedupe by `webhook-id`.
import type { Deps } from '../deps.ts';
import { webhookSignatureHeader } from '../domain/webhook-signature.ts';
import { runtimeFetch } from './runtime-fetch.ts';
import { checkDestination, type HostResolver } from './webhook-destination.ts';
import {
  type AttemptOutcome,
  type ClaimedDelivery,
  claimDueDeliveries,
  dispatchEvents,
  recordAttempt,
  releaseDelivery,
} from './webhook-queue.ts';
import { nextAttemptAt } from './webhook-schedule.ts';

export const USER_AGENT = 'Flywheel-Webhooks/1';
const DEFAULT_TIMEOUT_MS = 15_000;
const DEFAULT_LIMIT = 50;
const CONCURRENCY = 8;
/** A customer's events are sent one after another; more than this per pass waits for the next pass. */
const MAX_SEQUENTIAL = 4;
/** Long enough for the slowest chain (MAX_SEQUENTIAL sends at the timeout) to finish under the lease. */
const LEASE_MS = 5 * 60_000;

export interface WebhookDeliveryOptions {
  fetch?: typeof fetch;
  /** The time of this pass (tests move it); defaults to the app clock. */
  now?: Date;
  /** How many deliveries to claim in this pass. */
  limit?: number;
  resolveHost?: HostResolver;
  timeoutMs?: number;
}

export interface DeliveryPassResult {
  attempted: number;
  succeeded: number;
  failed: number;
}

/** One pass: fan out new events, claim due deliveries, send them, record the outcomes. */
export async function runWebhookDeliveries(
  deps: Deps,
  options: WebhookDeliveryOptions = {},
): Promise<DeliveryPassResult> {
  const now = options.now ?? deps.clock.now();
  while ((await dispatchEvents(deps.db, now)) > 0) {
    // keep fanning out until every waiting event has its deliveries
  }
  const claimed = await claimDueDeliveries(deps.db, now, {
    limit: options.limit ?? DEFAULT_LIMIT,
    leaseMs: LEASE_MS,
  });
  const result: DeliveryPassResult = { attempted: 0, succeeded: 0, failed: 0 };
  const claimedAt = Date.now();
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const send = {
    fetch: options.fetch ?? deps.webhookFetch ?? runtimeFetch,
    timeoutMs,
    allowPrivate: deps.config.allowPrivateWebhooks,
    resolveHost: options.resolveHost ?? deps.resolveHost,
  };

  // Deliveries for one endpoint and customer go in event order, and stop at the first failure so a
  // later event never overtakes an earlier one that is waiting to be retried.
  const chains = new Map<string, ClaimedDelivery[]>();
  for (const delivery of claimed) {
    const key = delivery.event.customer_id
      ? `${delivery.endpoint.id}:${delivery.event.customer_id}`
      : delivery.id;
    const chain = chains.get(key) ?? [];
    chain.push(delivery);
    chains.set(key, chain);
  }

  const runChain = async (chain: ClaimedDelivery[]) => {
    chain.sort((a, b) => (a.event.id < b.event.id ? -1 : 1));
    for (const [index, delivery] of chain.entries()) {
      // Never start a send that could outlive the lease: another worker may claim it after that.
      const leaseLeft = LEASE_MS - (Date.now() - claimedAt);
      if (index >= MAX_SEQUENTIAL || leaseLeft < timeoutMs * 2) {
        await Promise.all(chain.slice(index).map((d) => releaseDelivery(deps.db, d)));
        return;
      }
      const at = options.now ?? deps.clock.now();
      const outcome = await deliver(delivery, at, send);
      const recorded = await recordAttempt(deps.db, delivery, outcome, at);
      if (!recorded) continue;
      result.attempted += 1;
      if (outcome.succeeded) {
        result.succeeded += 1;
      } else {
        result.failed += 1;
        await Promise.all(chain.slice(index + 1).map((d) => releaseDelivery(deps.db, d)));
        return;
      }
    }
  };

  const queue = [...chains.values()];
  const workers = Array.from({ length: Math.min(CONCURRENCY, queue.length) }, async () => {
    for (let chain = queue.shift(); chain; chain = queue.shift()) await runChain(chain);
  });
  await Promise.all(workers);
  return result;
}

interface SendOptions {
  fetch: typeof fetch;
  timeoutMs: number;
  allowPrivate: boolean;
  resolveHost: HostResolver | undefined;
}

/** The request body: the event as the API shows it. `data` is spliced in as stored, not re-encoded. */
export function webhookBody(event: ClaimedDelivery['event']): string {
  const head = JSON.stringify({ id: event.id, type: event.type, created_at: event.created_at });
  return `${head.slice(0, -1)},"data":${event.data}}`;
}

async function deliver(delivery: ClaimedDelivery, now: Date, options: SendOptions): Promise<AttemptOutcome> {
  const started = performance.now();
  const failure = (statusCode: number | null, error: string, gone = false): AttemptOutcome => ({
    statusCode,
    error,
    durationMs: Math.round(performance.now() - started),
    succeeded: false,
    gone,
    nextAttemptAt: nextAttemptAt(delivery.attempts + 1, now),
  });

  const destination = await checkDestination(delivery.endpoint.url, {
    allowPrivate: options.allowPrivate,
    resolveHost: options.resolveHost,
    onResolveError: 'refuse',
  });
  if (!destination.ok) return failure(null, `not sent: the URL ${destination.message}`);

  const body = webhookBody(delivery.event);
  const timestamp = Math.floor(now.getTime() / 1000);
  const signature = await webhookSignatureHeader(delivery.endpoint.secrets, {
    id: delivery.event.id,
    timestamp,
    body,
  });
  let response: Response;
  try {
    response = await options.fetch(destination.url.href, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': USER_AGENT,
        'webhook-id': delivery.event.id,
        'webhook-timestamp': String(timestamp),
        'webhook-signature': signature,
      },
      body,
      // A redirect could lead anywhere, including past the forgery guard: it counts as a failure.
      redirect: 'manual',
      signal: AbortSignal.timeout(options.timeoutMs),
    });
  } catch (error) {
    const name = error instanceof Error ? error.name : '';
    if (name === 'TimeoutError' || name === 'AbortError') {
      return failure(null, `timed out after ${options.timeoutMs / 1000} s`);
    }
    return failure(null, networkError(error));
  }
  // The body is not needed; cancelling frees the connection.
  await response.body?.cancel().catch(() => {});
  const durationMs = Math.round(performance.now() - started);
  if (response.status >= 200 && response.status < 300) {
    return {
      statusCode: response.status,
      error: null,
      durationMs,
      succeeded: true,
      gone: false,
      nextAttemptAt: null,
    };
  }
  if (response.status === 410) return failure(410, 'the receiver answered 410 Gone: endpoint disabled', true);
  if (response.status >= 300 && response.status < 400)
    return failure(response.status, 'redirects are not followed');
  return failure(response.status, `the receiver answered ${response.status}`);
}

function networkError(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  if (cause && typeof cause === 'object' && 'code' in cause) return `network error: ${String(cause.code)}`;
  return `network error: ${cause instanceof Error ? cause.message : String(cause)}`;
}
