// Every response carries X-Request-Id, and every request writes one structured log line.
import type { MiddlewareHandler } from 'hono';
import type { Deps } from '../deps.ts';
import { newId } from '../ids.ts';
import type { AppEnv } from './env.ts';

export function requestLog(deps: Deps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = performance.now();
    const requestId = newId('req');
    c.set('requestId', requestId);
    await next();
    c.res.headers.set('X-Request-Id', requestId);
    const log = deps.config.log;
    if (!log) return;
    log(
      JSON.stringify({
        time: deps.clock.now().toISOString(),
        level: c.res.status >= 500 ? 'error' : 'info',
        request_id: requestId,
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        duration_ms: Math.round((performance.now() - started) * 100) / 100,
        merchant_id: c.get('merchant')?.id ?? null,
        ...(c.error && c.res.status >= 500 ? { error: String(c.error.stack ?? c.error) } : {}),
      }),
    );
  };
}
