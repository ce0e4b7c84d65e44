// The demo storefront `npm start` serves at `/`: static pages with the real script tag, a sign-in that
// signs a shopper identity, and a checkout that reports the order server-side with the secret key.
import { readFile } from 'node:fs/promises';
import { Hono } from 'hono';
import { Flywheel, FlywheelError } from '../../sdk/src/server.ts';

export interface ShopOptions {
  apiUrl: string;
  publishableKey: string;
  secretKey: string;
}

const PUBLIC_DIR = new URL('./public/', import.meta.url);
// Each page file holds its <main>; the head, header and footer they share live once in _layout.html,
// whose {{title}}, {{page}}, {{main}} and {{pk}} are filled here.
const PAGES: Record<string, { file: string; title: string; page: string }> = {
  '/': { file: 'index.html', title: 'Coffee', page: 'product' },
  '/cart': { file: 'cart.html', title: 'Cart', page: 'cart' },
  '/checkout': { file: 'checkout.html', title: 'Checkout', page: 'checkout' },
  '/thank-you': { file: 'thank-you.html', title: 'Thank you', page: 'thanks' },
};
const ASSETS: Record<string, string> = {
  '/shop/shop.js': 'text/javascript; charset=utf-8',
  '/shop/shop.css': 'text/css; charset=utf-8',
};
const PRODUCT = { id: 'beans', name: 'Flywheel Coffee Beans', price: 2400, currency: 'USD' };

// The shop practises what the widget promises: no inline script or style is needed anywhere.
const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'";

// The shop's backend is an SDK user like any merchant's: identities and orders go through it.
export { signIdentity } from '../../sdk/src/server.ts';

/** The demo has no accounts: a shopper is whoever owns the email address. */
export function shopperId(email: string): string {
  return `shopper_${email.trim().toLowerCase()}`;
}

const isEmail = (value: unknown): value is string =>
  typeof value === 'string' && value.length <= 254 && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value);

export function createShopApp(options: ShopOptions): Hono {
  const app = new Hono();
  const fw = new Flywheel({ secretKey: options.secretKey, baseUrl: options.apiUrl });

  for (const [path, { file, title, page }] of Object.entries(PAGES)) {
    app.get(path, async (c) => {
      const [layout, main] = await Promise.all([
        readFile(new URL('_layout.html', PUBLIC_DIR), 'utf8'),
        readFile(new URL(file, PUBLIC_DIR), 'utf8'),
      ]);
      const html = layout
        .replace('{{main}}', () => main)
        .replace('{{title}}', title)
        .replace('{{page}}', page)
        .replaceAll('{{pk}}', options.publishableKey);
      return c.body(html, 200, {
        'Content-Type': 'text/html; charset=utf-8',
        'Content-Security-Policy': CSP,
      });
    });
  }
  for (const [path, type] of Object.entries(ASSETS)) {
    app.get(path, async (c) =>
      c.body(await readFile(new URL(path.replace('/shop/', ''), PUBLIC_DIR), 'utf8'), 200, {
        'Content-Type': type,
      }),
    );
  }

  app.post('/shop/api/login', async (c) => {
    const body = (await c.req.json().catch(() => null)) as { email?: unknown; name?: unknown } | null;
    if (!isEmail(body?.email))
      return c.json(
        {
          error: {
            type: 'invalid_request',
            code: 'invalid_email',
            message: 'Enter a valid email.',
            param: 'email',
          },
        },
        400,
      );
    const email = body.email.trim();
    const name =
      typeof body.name === 'string' && body.name.trim() ? body.name.trim().slice(0, 80) : email.split('@')[0];
    const id = shopperId(email);
    return c.json({ id, email, name, signature: await fw.identity.sign(id, { email, name }) });
  });

  app.post('/shop/api/checkout', async (c) => {
    const body = (await c.req.json().catch(() => null)) as {
      email?: unknown;
      quantity?: unknown;
      coupon_code?: unknown;
      visitor_id?: unknown;
    } | null;
    if (!isEmail(body?.email))
      return c.json(
        {
          error: {
            type: 'invalid_request',
            code: 'invalid_email',
            message: 'Enter a valid email.',
            param: 'email',
          },
        },
        400,
      );
    const quantity = Math.min(Math.max(Math.trunc(Number(body.quantity) || 1), 1), 20);
    const coupon = typeof body.coupon_code === 'string' ? body.coupon_code.trim() : '';
    const order = {
      external_id: `demo_${Date.now().toString(36)}${crypto.getRandomValues(new Uint32Array(1))[0]?.toString(36)}`,
      customer: { external_id: shopperId(body.email), email: body.email.trim() },
      amount: PRODUCT.price * quantity,
      currency: PRODUCT.currency,
      ...(coupon ? { coupon_codes: [coupon] } : {}),
      ...(typeof body.visitor_id === 'string' && body.visitor_id ? { visitor_id: body.visitor_id } : {}),
    };
    let attribution: unknown = null;
    try {
      // The order id doubles as the idempotency key: a retried checkout reports one order.
      ({ attribution } = await fw.orders.create(order, { idempotencyKey: order.external_id }));
    } catch (error) {
      if (!(error instanceof FlywheelError)) throw error;
      const { type, code, message } = error;
      return c.json({ error: { type, code, message } }, 502);
    }
    return c.json({
      order_id: order.external_id,
      amount: order.amount,
      currency: order.currency,
      attribution,
    });
  });

  return app;
}
