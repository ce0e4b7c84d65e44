import type { EventListParams, FlywheelEvent } from '../../types.ts';
import { ListRequest } from '../pagination.ts';
import type { RequestOptions, Transport } from '../transport.ts';

/** `fw.events`: everything that happened, the same events webhooks deliver. */
export class Events {
  readonly #transport: Transport;

  constructor(transport: Transport) {
    this.#transport = transport;
  }

  /**
   * Events, newest first: catch up on what a webhook endpoint missed.
   *
   * @example
   * for await (const event of fw.events.list({ type: 'reward.issued' })) {
   *   if (event.id === lastSeenEventId) break;
   *   await handle(event);
   * }
   */
  list(params: EventListParams = {}, options?: RequestOptions): ListRequest<FlywheelEvent> {
    return new ListRequest(
      (startingAfter) =>
        this.#transport.request({
          method: 'GET',
          path: '/v1/events',
          query: { ...params, starting_after: startingAfter },
          options,
        }),
      params.starting_after,
    );
  }

  /**
   * One event by id, e.g. to re-read one a webhook announced.
   *
   * @example
   * const event = await fw.events.get('evt_01JD…');
   */
  get(id: string, options?: RequestOptions): Promise<FlywheelEvent> {
    return this.#transport.request({ method: 'GET', path: `/v1/events/${encodeURIComponent(id)}`, options });
  }
}
