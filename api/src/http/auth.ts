// Key auth: secret keys for server routes, publishable keys for client routes,
// the operator token for /admin. A key of the wrong kind is refused with a message that says so.
import type { Context, MiddlewareHandler } from 'hono';
import { timingSafeEqual } from '../crypto.ts';
import type { Deps } from '../deps.ts';
import { type AuthedMerchant, findMerchantByKey } from '../store/merchants.ts';
import type { AppEnv } from './env.ts';
import { ApiError, notFound } from './errors.ts';

function bearer(c: Context): string | undefined {
  const header = c.req.header('Authorization');
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}

const missingKey = (kind: string) =>
  new ApiError('authentication', 'missing_api_key', `Send your ${kind} key as \`Authorization: Bearer …\`.`);
const invalidKey = () => new ApiError('authentication', 'invalid_api_key', 'The API key is not valid.');

async function merchantFor(deps: Deps, kind: 'publishable' | 'secret', key: string): Promise<AuthedMerchant> {
  const cacheKey = `${kind}:${key}`;
  const cached = deps.cache.getMerchant(cacheKey);
  if (cached) return cached;
  const merchant = await findMerchantByKey(deps.db, kind, key);
  if (!merchant) throw invalidKey();
  deps.cache.setMerchant(cacheKey, merchant);
  return merchant;
}

export function requireSecretKey(deps: Deps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const key = bearer(c);
    if (!key) throw missingKey('secret');
    if (key.startsWith('pk_')) {
      throw new ApiError(
        'authentication',
        'publishable_key_not_allowed',
        'This route needs your secret key (sk_…); publishable keys work only on /v1/client/*.',
      );
    }
    if (!key.startsWith('sk_')) throw invalidKey();
    c.set('merchant', await merchantFor(deps, 'secret', key));
    await next();
  };
}

/** Publishable key from the Authorization header or `?key=` (beacons and preflight-free requests). */
export function requirePublishableKey(deps: Deps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const key = bearer(c) ?? c.req.query('key');
    if (!key) throw missingKey('publishable');
    if (key.startsWith('sk_')) {
      throw new ApiError(
        'authentication',
        'secret_key_not_allowed',
        'Never send a secret key from a browser: client routes take the publishable key (pk_…).',
      );
    }
    if (!key.startsWith('pk_')) throw invalidKey();
    c.set('merchant', await merchantFor(deps, 'publishable', key));
    await next();
  };
}

/** `/admin/v1/*` exists only when FLYWHEEL_ADMIN_TOKEN is set; otherwise it is a 404 like any unknown path. */
export function requireAdmin(deps: Deps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const expected = deps.config.adminToken;
    if (!expected) throw notFound('route');
    const given = bearer(c);
    if (!given) throw missingKey('operator');
    if (!timingSafeEqual(given, expected)) {
      throw new ApiError('authentication', 'invalid_admin_token', 'The operator token is not valid.');
    }
    await next();
  };
}
