// The request body: refused over a size limit, and on Node read straight from the socket.
//
// Hono's bodyLimit asks the request for its `body` stream, and under @hono/node-server that one
// question builds the whole web Request (headers, an AbortController, a ReadableStream over the
// socket) that the server otherwise only pretends to have; reading the text then goes through the
// web stream. On the bootstrap path that was a tenth of the CPU per request. So where the Node
// request is at hand, untouched, with a Content-Length, its bytes are read from it directly — only
// when a handler asks for them, as before — and handed to Hono's body cache.
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';

interface NodeIncoming {
  readableFlowing: boolean | null;
  readableEnded: boolean;
  on(event: 'data', listener: (chunk: Uint8Array) => void): unknown;
  once(event: 'end' | 'close', listener: () => void): unknown;
  once(event: 'error', listener: (error: Error) => void): unknown;
}

const decoder = new TextDecoder();
const readStarted = new WeakSet<object>();

/**
 * @example app.use('*', limitBody(1024 * 1024, (c) => errorResponse(c, payloadTooLarge())))
 */
export function limitBody(
  maxSize: number,
  onError: (c: Context) => Response | Promise<Response>,
): MiddlewareHandler {
  const generic = bodyLimit({ maxSize, onError });
  return async function limitBodyMiddleware(c, next) {
    const method = c.req.method;
    // Neither the Node server nor the Request constructor lets a GET or HEAD carry a body.
    if (method === 'GET' || method === 'HEAD') return next();
    const incoming = untouchedNodeRequest(c);
    const length = c.req.header('content-length');
    if (!incoming || length === undefined || c.req.header('transfer-encoding') !== undefined) {
      return generic(c, next);
    }
    if (Number.parseInt(length, 10) > maxSize) return onError(c);
    cacheBodyFrom(c, incoming);
    return next();
  };
}

/** Whether a handler started reading the body (closeUnreadBody closes the connection otherwise). */
export function bodyWasRead(c: Context): boolean {
  return readStarted.has(c.req) || c.req.raw.bodyUsed;
}

/** The Node request behind `c` when nothing has started reading it (node-server passes it as env). */
function untouchedNodeRequest(c: Context): NodeIncoming | undefined {
  const incoming = (c.env as { incoming?: Partial<NodeIncoming> } | undefined)?.incoming;
  if (!incoming || typeof incoming.on !== 'function') return undefined;
  if (incoming.readableFlowing !== null || incoming.readableEnded !== false) return undefined;
  return incoming as NodeIncoming;
}

function cacheBodyFrom(c: Context, incoming: NodeIncoming): void {
  let bytes: Promise<Uint8Array> | undefined;
  let text: Promise<string> | undefined;
  const read = () => {
    readStarted.add(c.req);
    bytes ??= readAll(incoming);
    return bytes;
  };
  // Getters, so the body is read only if a handler asks (a refused key leaves it unread, as before).
  Object.defineProperties(c.req.bodyCache, {
    text: {
      configurable: true,
      enumerable: true,
      // Like Request.text(): UTF-8, a leading byte-order mark dropped, bad bytes replaced.
      get: () => {
        text ??= read().then((b) => decoder.decode(b));
        return text;
      },
    },
    arrayBuffer: {
      configurable: true,
      enumerable: true,
      // A copy: a Node chunk may be a view into a larger shared buffer.
      get: () => read().then((b) => new Uint8Array(b).buffer),
    },
  });
}

function readAll(incoming: NodeIncoming): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Uint8Array[] = [];
    let size = 0;
    incoming.on('data', (chunk) => {
      chunks.push(chunk);
      size += chunk.length;
    });
    incoming.once('end', () => {
      if (chunks.length === 1) return resolve(chunks[0]!);
      const all = new Uint8Array(size);
      let offset = 0;
      for (const chunk of chunks) {
        all.set(chunk, offset);
        offset += chunk.length;
      }
      resolve(all);
    });
    incoming.once('error', reject);
    incoming.once('close', () => {
      if (!incoming.readableEnded) reject(new Error('The request body ended early.'));
    });
  });
}
