// Runs the example merchant backend: `npx tsx examples/node-backend/server.ts` (see README.md).
import { createServer } from 'node:http';
import { Flywheel } from '@flywheel/sdk/server';
import { createBackend } from './app.ts';

const apiUrl = process.env.FLYWHEEL_API_URL ?? 'http://127.0.0.1:8787';
const secretKey = process.env.FLYWHEEL_SECRET_KEY;
const port = Number(process.env.PORT ?? 3000);
const publicUrl = process.env.PUBLIC_URL ?? `http://127.0.0.1:${port}`;

if (!secretKey) {
  console.error('Set FLYWHEEL_SECRET_KEY to the sk_… key `npm start` printed.');
  process.exit(1);
}

const flywheel = new Flywheel({ secretKey, baseUrl: apiUrl });

// Without a secret from an earlier run, register this backend's webhook URL now and use the new secret.
let webhookSecret = process.env.FLYWHEEL_WEBHOOK_SECRET;
if (!webhookSecret) {
  const endpoint = await flywheel.webhookEndpoints.create({ url: `${publicUrl}/webhooks/flywheel` });
  webhookSecret = endpoint.secret!;
  console.log(`Registered webhook endpoint ${endpoint.id} → ${endpoint.url}`);
  console.log(`Reuse it next time: FLYWHEEL_WEBHOOK_SECRET=${webhookSecret}`);
}

const handler = createBackend({
  flywheel,
  webhookSecret,
  apiUrl,
  ...(process.env.FLYWHEEL_PUBLISHABLE_KEY ? { publishableKey: process.env.FLYWHEEL_PUBLISHABLE_KEY } : {}),
  onEvent: (event) => console.log(`webhook ${event.type} ${event.id}`, JSON.stringify(event.data)),
});

createServer((request, response) => void handler(request, response)).listen(port, '127.0.0.1', () => {
  console.log(`Merchant backend on ${publicUrl} (Flywheel API ${apiUrl})`);
});
