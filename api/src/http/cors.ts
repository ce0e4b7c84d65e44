// CORS for client routes: answered only for the merchant's allowed origins.
// A preflight carries no Authorization header, so it is judged by `?key=` when present and otherwise
// answered; the real request is then checked once the key says which merchant it is.
import type { MiddlewareHandler } from 'hono';
import type { Deps } from '../deps.ts';
import { findMerchantByKey } from '../store/merchants.ts';
import type { AppEnv } from './env.ts';
import { ApiError } from './errors.ts';

const ALLOW_HEADERS = 'Authorization, Content-Type, X-Flywheel-Session';

export function normalizeOrigin(value: string): string | undefined {
  try {
    const url = new URL(value);
    return url.origin === 'null' ? undefined : url.origin;
  } catch {
    return undefined;
  }
}

/**
 * An entry is an origin, `*` (any), or an origin with `:*` for any port (`http://localhost:*`),
 * which the demo merchant uses so a shop page on another local port can load the widget.
 */
export function isOriginAllowed(origin: string, allowed: readonly string[]): boolean {
  // Every client request asks this of its merchant's list (the cached merchant's, the same array
  // each time) and one page origin: remember the answers per list instead of parsing URLs each time.
  let answers = answersByList.get(allowed);
  if (!answers) {
    answers = new Map();
    answersByList.set(allowed, answers);
  }
  let answer = answers.get(origin);
  if (answer === undefined) {
    answer = judgeOrigin(origin, allowed);
    // Origins are few per shop; a client sending random ones must not grow memory forever.
    if (answers.size >= MAX_REMEMBERED_ORIGINS) answers.clear();
    answers.set(origin, answer);
  }
  return answer;
}

const MAX_REMEMBERED_ORIGINS = 100;
const answersByList = new WeakMap<readonly string[], Map<string, boolean>>();

function judgeOrigin(origin: string, allowed: readonly string[]): boolean {
  const normalized = normalizeOrigin(origin);
  if (!normalized) return false;
  const withoutPort = normalized.replace(/:\d+$/, '');
  return allowed.some((entry) => {
    if (entry === '*') return true;
    if (entry.endsWith(':*')) return entry.slice(0, -2) === withoutPort;
    return normalizeOrigin(entry) === normalized;
  });
}

const forbiddenOrigin = (origin: string) =>
  new ApiError(
    'permission',
    'origin_not_allowed',
    `The origin ${origin} is not in this merchant's allowed_origins.`,
  );

/** Answers preflights; must run before key auth (a preflight has no key). */
export function clientPreflight(deps: Deps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const origin = c.req.header('Origin');
    if (c.req.method !== 'OPTIONS' || !origin) return next();
    const key = c.req.query('key');
    if (key?.startsWith('pk_')) {
      const merchant = await findMerchantByKey(deps.db, 'publishable', key);
      if (merchant && !isOriginAllowed(origin, merchant.allowed_origins)) throw forbiddenOrigin(origin);
    }
    return c.body(null, 204, {
      'Access-Control-Allow-Origin': origin,
      'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
      'Access-Control-Allow-Headers': ALLOW_HEADERS,
      'Access-Control-Max-Age': '86400',
      Vary: 'Origin',
    });
  };
}

/** After key auth: refuse foreign origins, and let allowed ones read the answer. */
export function clientOrigin(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const origin = c.req.header('Origin');
    if (origin) {
      if (!isOriginAllowed(origin, c.get('merchant').allowed_origins)) throw forbiddenOrigin(origin);
      c.header('Access-Control-Allow-Origin', origin);
      c.header('Access-Control-Expose-Headers', 'X-Request-Id');
      c.header('Vary', 'Origin');
    }
    await next();
  };
}

/**
 * Errors raised before the merchant is known (a missing key) still carry CORS headers, so the widget
 * can read why it failed instead of seeing an opaque network error.
 */
export function clientErrorCors(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next();
    const origin = c.req.header('Origin');
    if (origin && c.res.status === 401 && !c.res.headers.has('Access-Control-Allow-Origin')) {
      c.res.headers.set('Access-Control-Allow-Origin', origin);
      c.res.headers.set('Vary', 'Origin');
    }
  };
}
