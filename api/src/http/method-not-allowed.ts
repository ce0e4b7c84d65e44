// A known path asked with a method it does not have is a 405 naming the methods it has, not a 404.
import type { RouteDoc } from '../routes/docs.ts';
import { ApiError } from './errors.ts';

export function methodNotAllowed(docs: RouteDoc[]) {
  const routes = docs.map((doc) => ({
    pattern: new RegExp(`^${doc.path.replace(/\{\w+\}/g, '[^/]+')}/?$`),
    method: doc.method.toUpperCase(),
  }));
  /** The 405 for this request, or undefined when no route has this path. */
  return (method: string, path: string): ApiError | undefined => {
    const allowed = [...new Set(routes.filter((r) => r.pattern.test(path)).map((r) => r.method))];
    if (allowed.length === 0 || allowed.includes(method)) return undefined;
    const allow = allowed.join(', ');
    return new ApiError(
      'invalid_request',
      'method_not_allowed',
      `${method} is not allowed here; use ${allow}.`,
      {
        status: 405,
        headers: { Allow: allow },
      },
    );
  };
}
