import { Hono } from 'hono';
import * as v from 'valibot';
import type { AppEnv } from '../http/env.ts';
import type { RouteDoc } from './docs.ts';

export const healthDocs: RouteDoc[] = [
  {
    method: 'get',
    path: '/healthz',
    operationId: 'getHealth',
    summary: 'Liveness check',
    auth: 'none',
    tag: 'Meta',
    response: v.object({ ok: v.literal(true) }),
  },
];

export function healthRouter() {
  return new Hono<AppEnv>().get('/healthz', (c) => c.json({ ok: true as const }));
}
