// /v1/webhook_endpoints: where the merchant wants events sent, how each delivery went, retries and
// secret rotation.
import { Hono } from 'hono';
import * as v from 'valibot';
import { transact } from '../db/transaction.ts';
import type { Deps } from '../deps.ts';
import { newWebhookSecret } from '../domain/webhook-signature.ts';
import type { AppEnv } from '../http/env.ts';
import { ApiError, notFound } from '../http/errors.ts';
import { parseBody, parseQuery } from '../http/validate.ts';
import { checkDestination } from '../jobs/webhook-destination.ts';
import { presentDelivery, presentEndpoint } from '../present/webhook.ts';
import { ListQuery, listOf } from '../schemas/common.ts';
import {
  DeliveryListQuery,
  WebhookDeliverySchema,
  WebhookEndpointCreateSchema,
  WebhookEndpointSchema,
} from '../schemas/webhook.ts';
import {
  attemptsOf,
  createEndpoint,
  disableEndpoint,
  findDelivery,
  findEndpoint,
  listDeliveries,
  listEndpoints,
  rotateEndpointSecret,
  scheduleDeliveryNow,
} from '../store/webhooks.ts';
import type { RouteDoc } from './docs.ts';

const IdParam = v.object({ id: v.string() });
const tag = 'Webhooks';

export const webhookEndpointDocs: RouteDoc[] = [
  {
    method: 'post',
    path: '/v1/webhook_endpoints',
    operationId: 'createWebhookEndpoint',
    summary: 'Add a webhook endpoint; its signing secret is shown only in this answer',
    auth: 'secret',
    tag,
    body: WebhookEndpointCreateSchema,
    response: WebhookEndpointSchema,
    status: 201,
  },
  {
    method: 'get',
    path: '/v1/webhook_endpoints',
    operationId: 'listWebhookEndpoints',
    summary: 'List webhook endpoints, newest first',
    auth: 'secret',
    tag,
    response: listOf(WebhookEndpointSchema),
  },
  {
    method: 'get',
    path: '/v1/webhook_endpoints/{id}',
    operationId: 'getWebhookEndpoint',
    summary: 'A webhook endpoint',
    auth: 'secret',
    tag,
    query: IdParam,
    response: WebhookEndpointSchema,
  },
  {
    method: 'delete',
    path: '/v1/webhook_endpoints/{id}',
    operationId: 'deleteWebhookEndpoint',
    summary: 'Delete a webhook endpoint; nothing more is sent to it',
    auth: 'secret',
    tag,
    response: WebhookEndpointSchema,
  },
  {
    method: 'post',
    path: '/v1/webhook_endpoints/{id}/rotate',
    operationId: 'rotateWebhookEndpointSecret',
    summary: 'Replace the signing secret; the previous one keeps signing alongside for 24 hours',
    auth: 'secret',
    tag,
    response: WebhookEndpointSchema,
  },
  {
    method: 'get',
    path: '/v1/webhook_endpoints/{id}/deliveries',
    operationId: 'listWebhookDeliveries',
    summary: 'Deliveries to this endpoint, newest first, each with its attempts',
    auth: 'secret',
    tag,
    query: DeliveryListQuery,
    response: listOf(WebhookDeliverySchema),
  },
  {
    method: 'post',
    path: '/v1/webhook_endpoints/{id}/deliveries/{delivery_id}/retry',
    operationId: 'retryWebhookDelivery',
    summary: 'Send a delivery again now (also a failed or succeeded one)',
    auth: 'secret',
    tag,
    response: WebhookDeliverySchema,
  },
];

export function webhookEndpointsRouter(deps: Deps) {
  const endpointOr404 = async (merchantId: string, id: string) => {
    const endpoint = await findEndpoint(deps.db, merchantId, id);
    if (!endpoint) throw notFound('webhook endpoint', 'id');
    return endpoint;
  };

  return new Hono<AppEnv>()
    .post('/', async (c) => {
      const merchant = c.get('merchant');
      const input = await parseBody(c, WebhookEndpointCreateSchema);
      const destination = await checkDestination(input.url, {
        allowPrivate: deps.config.allowPrivateWebhooks,
        resolveHost: deps.resolveHost,
        // A name that does not resolve yet may be set up later; every delivery checks it again.
        onResolveError: 'allow',
      });
      if (!destination.ok) {
        throw new ApiError('invalid_request', destination.code, `\`url\` ${destination.message}.`, {
          param: 'url',
        });
      }
      const secret = newWebhookSecret();
      const endpoint = await createEndpoint(
        deps.db,
        { merchantId: merchant.id, url: destination.url.href, events: [...new Set(input.events)], secret },
        deps.clock.now(),
      );
      return c.json(presentEndpoint(endpoint, { secret }), 201);
    })
    .get('/', async (c) => {
      const query = parseQuery(c, ListQuery);
      const { rows, hasMore } = await listEndpoints(deps.db, c.get('merchant').id, {
        limit: query.limit,
        startingAfter: query.starting_after,
      });
      return c.json({
        object: 'list' as const,
        data: rows.map((r) => presentEndpoint(r)),
        has_more: hasMore,
      });
    })
    .get('/:id', async (c) => {
      const endpoint = await endpointOr404(c.get('merchant').id, c.req.param('id'));
      return c.json(presentEndpoint(endpoint));
    })
    .delete('/:id', async (c) => {
      const endpoint = await endpointOr404(c.get('merchant').id, c.req.param('id'));
      const now = deps.clock.now();
      await transact(deps.db, (trx) => disableEndpoint(trx, endpoint.id, 'deleted', now, { delete: true }));
      return c.json(
        presentEndpoint({ ...endpoint, status: 'disabled', disabled_reason: 'deleted' }, { deleted: true }),
      );
    })
    .post('/:id/rotate', async (c) => {
      const endpoint = await endpointOr404(c.get('merchant').id, c.req.param('id'));
      const secret = newWebhookSecret();
      const rotated = await rotateEndpointSecret(deps.db, endpoint, secret, deps.clock.now());
      return c.json(presentEndpoint(rotated, { secret }));
    })
    .get('/:id/deliveries', async (c) => {
      const endpoint = await endpointOr404(c.get('merchant').id, c.req.param('id'));
      const query = parseQuery(c, DeliveryListQuery);
      const { rows, attempts, hasMore } = await listDeliveries(deps.db, endpoint.id, {
        limit: query.limit,
        startingAfter: query.starting_after,
        status: query.status,
      });
      return c.json({
        object: 'list' as const,
        data: rows.map((r) => presentDelivery(r, attempts.get(r.id) ?? [])),
        has_more: hasMore,
      });
    })
    .post('/:id/deliveries/:delivery_id/retry', async (c) => {
      const endpoint = await endpointOr404(c.get('merchant').id, c.req.param('id'));
      const delivery = await findDelivery(deps.db, endpoint.id, c.req.param('delivery_id'));
      if (!delivery) throw notFound('webhook delivery', 'delivery_id');
      if (endpoint.status !== 'enabled') {
        throw new ApiError(
          'conflict',
          'endpoint_disabled',
          `This endpoint is disabled (${endpoint.disabled_reason ?? 'disabled'}); add it again to receive deliveries.`,
        );
      }
      const now = deps.clock.now();
      await scheduleDeliveryNow(deps.db, delivery, now);
      const updated = { ...delivery, status: 'pending' as const, next_attempt_at: now.toISOString() };
      const attempts = await attemptsOf(deps.db, [updated]);
      return c.json(presentDelivery(updated, attempts.get(updated.id) ?? []));
    });
}
