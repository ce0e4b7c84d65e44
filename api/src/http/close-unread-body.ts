// A refused request whose body was not read must end its connection. Node's server reads on to drain
// the body only briefly (@hono/node-server gives up after 500 ms or 64 MB and destroys the socket),
// while the answer said `keep-alive`: the client then sends its next request into a closing socket
// and gets `other side closed`. `Connection: close` tells the client not to reuse it.
import type { MiddlewareHandler } from 'hono';
import { bodyWasRead } from './body-limit.ts';

function carriesBody(request: Request): boolean {
  const length = request.headers.get('content-length');
  return (length !== null && length !== '0') || request.headers.has('transfer-encoding');
}

/**
 * Marks error answers to requests whose body was left unread (or, for a 413, read only in part) with
 * `Connection: close`. Mount it outside `limitBody` so it sees the 413.
 *
 * @example app.use('*', closeUnreadBody(), limitBody(maxSize, onError))
 */
export function closeUnreadBody(): MiddlewareHandler {
  return async function closeUnreadBodyMiddleware(c, next) {
    await next();
    if (c.res.status < 400 || !carriesBody(c.req.raw)) return;
    if (c.res.status === 413 || !bodyWasRead(c)) c.res.headers.set('Connection', 'close');
  };
}
