// Idempotency-Key on POST: the first answer to a key is stored and replayed; the same key with another
// body is a 400, and while the first request still runs a second one gets a 409 — until the first
// one's lease passes (it crashed or hung), after which a retry runs the request again
// (docs/architecture.md, "Idempotency").
// Only successful answers are kept: a failed request changed nothing, so retrying it with the same
// key must be allowed to succeed (and a rejected request writes nothing, not even its key).
import type { MiddlewareHandler } from 'hono';
import { sha256Hex } from '../crypto.ts';
import type { Deps } from '../deps.ts';
import { claimIdempotencyKey, completeIdempotencyKey, releaseIdempotencyKey } from '../store/idempotency.ts';
import type { AppEnv } from './env.ts';
import { ApiError } from './errors.ts';

export function idempotency(deps: Deps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const key = c.req.header('Idempotency-Key');
    if (c.req.method !== 'POST' || key === undefined) return next();
    if (key.length === 0 || key.length > 255) {
      throw new ApiError(
        'invalid_request',
        'idempotency_key_invalid',
        'Idempotency-Key must be 1–255 characters.',
        {
          param: 'Idempotency-Key',
        },
      );
    }
    const merchantId = c.get('merchant').id;
    const body = await c.req.text();
    const hash = await sha256Hex(`${c.req.method} ${c.req.path}\n${body}`);
    const claim = await claimIdempotencyKey(
      deps.db,
      merchantId,
      key,
      hash,
      deps.clock.now(),
      deps.config.idempotencyLeaseMs,
    );
    switch (claim.outcome) {
      case 'mismatch':
        throw new ApiError(
          'idempotency_error',
          'idempotency_key_reused',
          'This Idempotency-Key was already used with a different request body or path.',
          { param: 'Idempotency-Key' },
        );
      case 'running':
        throw new ApiError(
          'conflict',
          'idempotency_key_in_use',
          'A request with this Idempotency-Key is still being processed. Retry shortly.',
          { param: 'Idempotency-Key' },
        );
      case 'replay':
        return new Response(claim.body, {
          status: claim.status,
          headers: { 'Content-Type': 'application/json', 'Idempotent-Replayed': 'true' },
        });
      case 'claimed':
        break;
    }
    const { claimedAt } = claim;
    try {
      await next();
    } catch (error) {
      await releaseIdempotencyKey(deps.db, merchantId, key, claimedAt);
      throw error;
    }
    if (c.res.status < 400) {
      const body = await c.res.clone().text();
      await completeIdempotencyKey(deps.db, merchantId, key, claimedAt, c.res.status, body);
    } else {
      await releaseIdempotencyKey(deps.db, merchantId, key, claimedAt);
    }
  };
}
