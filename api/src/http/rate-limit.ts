// Per-client limits on client routes that spend something (a coupon code per offer claim): a script
// hammering them gets 429 rate_limited with Retry-After instead of draining the merchant's pool.
import type { Context, MiddlewareHandler } from 'hono';
import type { Deps } from '../deps.ts';
import { deviceHash } from '../domain/device.ts';
import { hitRateLimit } from '../store/rate-limits.ts';
import type { AppEnv } from './env.ts';
import { ApiError } from './errors.ts';

export function rateLimit(
  deps: Deps,
  options: { name: string; limit: number; windowMs: number },
): MiddlewareHandler<AppEnv> {
  return async (c: Context<AppEnv>, next) => {
    const merchant = c.get('merchant');
    const ip = deps.config.clientIp?.(c) ?? 'unknown';
    const who = await deviceHash(merchant.settings.session_secret, ip);
    const { allowed, retryAfterSeconds } = await hitRateLimit(
      deps.db,
      `${options.name}:${merchant.id}:${who}`,
      options.limit,
      options.windowMs,
      deps.clock.now(),
    );
    if (!allowed) {
      throw new ApiError(
        'rate_limited',
        'too_many_requests',
        `Too many requests; retry in ${retryAfterSeconds} s.`,
        {
          headers: { 'Retry-After': String(retryAfterSeconds) },
        },
      );
    }
    await next();
  };
}
