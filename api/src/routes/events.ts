// GET /v1/events: the outbox as the merchant sees it, newest first — what webhooks deliver.
import { Hono } from 'hono';
import * as v from 'valibot';
import type { Deps } from '../deps.ts';
import type { AppEnv } from '../http/env.ts';
import { notFound } from '../http/errors.ts';
import { parseQuery } from '../http/validate.ts';
import { presentEvent } from '../present/webhook.ts';
import { listOf } from '../schemas/common.ts';
import { EventListQuery, EventSchema } from '../schemas/webhook.ts';
import { findEvent, listEvents } from '../store/webhooks.ts';
import type { RouteDoc } from './docs.ts';

export const eventDocs: RouteDoc[] = [
  {
    method: 'get',
    path: '/v1/events',
    operationId: 'listEvents',
    summary: 'List events, newest first, optionally of one type',
    auth: 'secret',
    tag: 'Webhooks',
    query: EventListQuery,
    response: listOf(EventSchema),
  },
  {
    method: 'get',
    path: '/v1/events/{id}',
    operationId: 'getEvent',
    summary: 'An event',
    auth: 'secret',
    tag: 'Webhooks',
    query: v.object({ id: v.string() }),
    response: EventSchema,
  },
];

export function eventsRouter(deps: Deps) {
  return new Hono<AppEnv>()
    .get('/', async (c) => {
      const query = parseQuery(c, EventListQuery);
      const { rows, hasMore } = await listEvents(deps.db, c.get('merchant').id, {
        limit: query.limit,
        startingAfter: query.starting_after,
        type: query.type,
      });
      return c.json({ object: 'list' as const, data: rows.map(presentEvent), has_more: hasMore });
    })
    .get('/:id', async (c) => {
      const event = await findEvent(deps.db, c.get('merchant').id, c.req.param('id'));
      if (!event) throw notFound('event', 'id');
      return c.json(presentEvent(event));
    });
}
