// Refuses, before any handler or query runs, a path or query string that carries a NUL, an unpaired
// surrogate or malformed UTF-8 (domain/storable-text.ts says why). Such a path id can name nothing,
// but a lookup with it would fail on PostgreSQL instead of answering; so it is a 400 naming the
// parameter, like any other invalid parameter. JSON bodies are checked where they are parsed.
import type { MiddlewareHandler } from 'hono';
import { decodeStorableComponent } from '../domain/storable-text.ts';
import { ApiError } from './errors.ts';

export function unstorableParam(param: string | undefined, where: string): ApiError {
  const name = param ? `\`${param}\`` : `The ${where}`;
  return new ApiError(
    'invalid_request',
    'parameter_invalid',
    `${name} contains a NUL character, an unpaired surrogate or malformed UTF-8.`,
    param ? { param } : {},
  );
}

/** The `{name}` of the route templates (`/v1/customers/{external_id}`) that segment `index` fills. */
function paramNameAt(templates: string[][], segments: string[], index: number): string | undefined {
  for (const template of templates) {
    if (template.length !== segments.length) continue;
    const fits = template.every((part, i) => i === index || part.startsWith('{') || part === segments[i]);
    const part = template[index];
    if (fits && part?.startsWith('{')) return part.slice(1, -1);
  }
  return undefined;
}

// Printable ASCII except `%`: no NUL, no surrogate, no escape that could decode to either.
const PLAIN_URL = /^[\x20-\x24\x26-\x7e]*$/;

/**
 * @param routePaths the OpenAPI path templates, so that a refusal can name the path parameter.
 * @example app.use('*', refuseUnstorableText(routeDocs.map((d) => d.path)))
 */
export function refuseUnstorableText(routePaths: string[]): MiddlewareHandler {
  const templates = routePaths.map((path) => path.split('/'));
  return async function refuseUnstorableTextMiddleware(c, next) {
    // A URL of printable ASCII without a percent escape decodes to itself: nothing to refuse. Request
    // URLs are serialized (non-ASCII is escaped), so this is nearly every request.
    if (PLAIN_URL.test(c.req.url)) return next();
    const url = new URL(c.req.url);
    const segments = url.pathname.split('/');
    const bad = segments.findIndex((segment) => decodeStorableComponent(segment) === undefined);
    if (bad !== -1) throw unstorableParam(paramNameAt(templates, segments, bad), 'request path');

    for (const pair of url.search.slice(1).split('&')) {
      if (pair === '') continue;
      const [rawKey = '', rawValue = ''] = pair.replaceAll('+', ' ').split(/=(.*)/s);
      const key = decodeStorableComponent(rawKey);
      if (key === undefined || decodeStorableComponent(rawValue) === undefined) {
        throw unstorableParam(key, 'query string');
      }
    }
    await next();
  };
}
