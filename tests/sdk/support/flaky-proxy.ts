// A node:http proxy in front of the real API that misbehaves on cue: answers 5xx/429, drops the
// connection, hangs, or forwards and then loses the answer. It records every attempt it receives.
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Step =
  /** Pass the request to the API and its answer back. */
  | 'forward'
  /** Destroy the socket without answering: a network error for the client. */
  | 'drop'
  /** Never answer (until the proxy closes). */
  | 'hang'
  /** Answer this instead of forwarding; with `afterForwarding` the API handles the request first and its answer is lost. */
  | {
      status: number;
      headers?: Record<string, string>;
      body?: unknown;
      afterForwarding?: boolean;
    };

export interface Attempt {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
  at: number;
  /** The API's own answer, when the request was forwarded. */
  upstream?: { status: number; headers: Headers; body: string };
}

export interface FlakyProxy {
  url: string;
  attempts: Attempt[];
  close(): Promise<void>;
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length']);

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Steps apply to attempts in order; once they run out, every request is forwarded. */
export async function startFlakyProxy(target: string, steps: Step[]): Promise<FlakyProxy> {
  const attempts: Attempt[] = [];
  const server = createServer(async (request, response) => {
    const step = steps[attempts.length] ?? 'forward';
    const attempt: Attempt = {
      method: request.method ?? 'GET',
      path: request.url ?? '/',
      headers: request.headers,
      body: await readBody(request),
      at: performance.now(),
    };
    attempts.push(attempt);
    if (step === 'drop') {
      request.socket.destroy();
      return;
    }
    if (step === 'hang') return;

    if (step === 'forward' || step.afterForwarding) {
      const headers = new Headers();
      for (const [name, value] of Object.entries(request.headers)) {
        if (typeof value === 'string' && !['host', 'connection', 'content-length'].includes(name)) {
          headers.set(name, value);
        }
      }
      const upstream = await fetch(`${target}${attempt.path}`, {
        method: attempt.method,
        headers,
        ...(attempt.body ? { body: attempt.body } : {}),
      });
      attempt.upstream = { status: upstream.status, headers: upstream.headers, body: await upstream.text() };
      if (step === 'forward') {
        const passed = [...upstream.headers].filter(([name]) => !HOP_BY_HOP.has(name));
        response.writeHead(upstream.status, Object.fromEntries(passed));
        response.end(attempt.upstream.body);
        return;
      }
    }
    response.writeHead(step.status, { 'Content-Type': 'application/json', ...step.headers });
    response.end(step.body === undefined ? '' : JSON.stringify(step.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    attempts,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export const apiError = (type: string, code: string, message = 'Simulated.') => ({
  error: { type, code, message },
});
