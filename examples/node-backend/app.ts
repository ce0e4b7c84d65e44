// A merchant backend in plain node:http: it reports paid orders and refunds to Flywheel, signs the
// signed-in shopper's identity for the widget, and receives Flywheel's webhooks.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Flywheel, FlywheelError, FlywheelWebhookError, type WebhookEvent } from '@flywheel/sdk/server';

export interface BackendOptions {
  flywheel: Flywheel;
  /** The webhook endpoint's signing secret (`whsec_…`). */
  webhookSecret: string;
  /** For the demo page's script tag; the page is served only when set. */
  publishableKey?: string;
  apiUrl?: string;
  /** Called for every verified, first-seen webhook event. */
  onEvent?: (event: WebhookEvent) => void | Promise<void>;
}

type Handler = (request: IncomingMessage, response: ServerResponse) => Promise<void>;

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function send(response: ServerResponse, status: number, body?: unknown) {
  if (body === undefined) {
    response.writeHead(status).end();
    return;
  }
  response.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
}

/** Stand-in for your session: a real app reads the signed-in user from its own session cookie. */
function signedInUser(request: IncomingMessage): string | undefined {
  const user = request.headers['x-user-id'];
  return typeof user === 'string' && user ? user : undefined;
}

export function createBackend(options: BackendOptions): Handler {
  const fw = options.flywheel;
  // Flywheel retries a delivery until it gets a 2xx, so the same event can arrive twice: act once.
  // (In production keep these ids in your database.)
  const seenWebhooks = new Set<string>();

  const routes: Record<string, Handler> = {
    // Your checkout calls this once the payment succeeded.
    'POST /checkout/complete': async (request, response) => {
      const input = JSON.parse(await readBody(request)) as {
        order_id: string;
        user_id: string;
        email?: string;
        amount: number;
        currency: string;
        coupon_codes?: string[];
        visitor_id?: string;
      };
      const order = await fw.orders.create(
        {
          external_id: input.order_id,
          customer: { external_id: input.user_id, ...(input.email ? { email: input.email } : {}) },
          amount: input.amount,
          currency: input.currency,
          ...(input.coupon_codes ? { coupon_codes: input.coupon_codes } : {}),
          ...(input.visitor_id ? { visitor_id: input.visitor_id } : {}),
        },
        // Your order id as the key: reporting the same order twice, even from two processes, counts once.
        { idempotencyKey: `order-${input.order_id}` },
      );
      send(response, 200, { order });
    },

    'POST /refunds': async (request, response) => {
      const input = JSON.parse(await readBody(request)) as { order_id: string; amount?: number };
      const order = await fw.orders.refund(
        input.order_id,
        input.amount === undefined ? {} : { amount: input.amount },
      );
      send(response, 200, { order });
    },

    // The page asks for this and passes it to flywheel('identify', …). The secret key never leaves the server.
    'GET /flywheel/identity': async (request, response) => {
      const userId = signedInUser(request);
      if (!userId) return send(response, 401, { error: 'not signed in' });
      send(response, 200, { id: userId, signature: await fw.identity.sign(userId) });
    },

    'POST /webhooks/flywheel': async (request, response) => {
      // Verify the raw bytes: JSON.parse + JSON.stringify would change them and break the signature.
      const rawBody = await readBody(request);
      let event: WebhookEvent;
      try {
        event = await Flywheel.webhooks.verify(rawBody, request.headers, options.webhookSecret);
      } catch (error) {
        if (error instanceof FlywheelWebhookError) return send(response, 400, { error: error.code });
        throw error;
      }
      if (!seenWebhooks.has(event.id)) {
        seenWebhooks.add(event.id);
        await options.onEvent?.(event);
      }
      send(response, 204);
    },

    'GET /': async (_request, response) => {
      if (!options.publishableKey || !options.apiUrl) return send(response, 404);
      response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(demoPage(options));
    },
  };

  return async (request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    const route = routes[`${request.method} ${path}`];
    if (!route) return send(response, 404, { error: 'not found' });
    try {
      await route(request, response);
    } catch (error) {
      if (error instanceof FlywheelError) {
        // Pass Flywheel's verdict on (a 400 names the field); keep the request id for support.
        return send(response, error.status >= 400 && error.status < 500 ? error.status : 502, {
          error: error.message,
          code: error.code,
          request_id: error.requestId,
        });
      }
      if (error instanceof SyntaxError) return send(response, 400, { error: 'body must be JSON' });
      console.error(error);
      send(response, 500, { error: 'internal error' });
    }
  };
}

const escapeAttr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** A page with the widget, identifying user u_42 with the signature from /flywheel/identity. */
function demoPage(options: BackendOptions): string {
  return `<!doctype html>
<html lang="en">
<meta charset="utf-8">
<title>Flywheel node-backend example</title>
<h1>Signed in as u_42</h1>
<p>The widget below knows who you are: this page fetched a signed identity from its own backend.</p>
<script>window.flywheel = window.flywheel || function () { (flywheel.q = flywheel.q || []).push(arguments); };</script>
<script async src="${escapeAttr(options.apiUrl!)}/widget/loader.js" data-key="${escapeAttr(options.publishableKey!)}"></script>
<script type="module">
  const identity = await fetch('/flywheel/identity', { headers: { 'X-User-Id': 'u_42' } }).then((r) => r.json());
  flywheel('identify', identity);
</script>
</html>
`;
}
