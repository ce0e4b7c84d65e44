// What happened lately (the outbox webhooks deliver) and where it is delivered.
import type { EventObject, WebhookEndpointObject } from '../../src/schemas/webhook.ts';
import type { ApiList } from './api.ts';
import { formatDateTime } from './format.ts';
import { useApiGet } from './use-api-get.ts';

/** The object an event is about, in a few words: the reward's id and status, the order, the customer. */
function subjectOf(event: EventObject): string {
  const data = (event.data ?? {}) as Record<string, unknown>;
  const text = (key: string) => (typeof data[key] === 'string' ? (data[key] as string) : null);
  if (typeof data.status === 'string' && text('id')) return `${text('id')} · ${data.status}`;
  return text('order') ?? text('external_id') ?? text('id') ?? text('customer') ?? text('referral') ?? '';
}

function EventList() {
  const events = useApiGet<ApiList<EventObject>>('/v1/events?limit=20');
  return (
    <section aria-labelledby="events-title" aria-busy={events.loading}>
      <h3 id="events-title">Recent events</h3>
      {events.error ? (
        <p class="banner error" role="alert">
          {events.error}
        </p>
      ) : null}
      {events.data && events.data.data.length === 0 ? <p class="empty">No events yet.</p> : null}
      <ol class="events">
        {events.data?.data.map((event) => (
          <li key={event.id}>
            <code class="event-type">{event.type}</code>
            <span class="event-subject muted small wrap">{subjectOf(event)}</span>
            <time class="muted small" dateTime={event.created_at}>
              {formatDateTime(event.created_at)}
            </time>
          </li>
        ))}
      </ol>
    </section>
  );
}

function EndpointList() {
  const endpoints = useApiGet<ApiList<WebhookEndpointObject>>('/v1/webhook_endpoints?limit=100');
  const list = endpoints.data?.data;
  return (
    <section aria-labelledby="endpoints-title" aria-busy={endpoints.loading}>
      <h3 id="endpoints-title">Webhook endpoints</h3>
      {endpoints.error ? (
        <p class="banner error" role="alert">
          {endpoints.error}
        </p>
      ) : null}
      {list && list.length === 0 ? (
        <p class="empty">
          None yet. Add one with <code>POST /v1/webhook_endpoints</code> to receive these events.
        </p>
      ) : null}
      <ul class="endpoints">
        {list?.map((endpoint) => (
          <li key={endpoint.id}>
            <span class="wrap strong">{endpoint.url}</span>
            <span class={`badge status-${endpoint.status}`}>
              {endpoint.status === 'enabled' ? 'Enabled' : 'Disabled'}
            </span>
            <span class="muted small block">
              {endpoint.events.includes('*') ? 'All events' : endpoint.events.join(', ')}
              {endpoint.disabled_reason ? ` · ${endpoint.disabled_reason}` : ''}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}

export function ActivityPanel() {
  return (
    <section id="activity" class="panel" aria-labelledby="activity-title">
      <h2 id="activity-title">Activity</h2>
      <EndpointList />
      <EventList />
    </section>
  );
}
