// Walks every operation in /openapi.json and sends it text the databases cannot hold as given — NUL,
// unpaired surrogates, malformed or overlong UTF-8, very long strings — in each path parameter, query
// parameter and body field. No answer may be a 5xx, on either dialect; a NUL or surrogate in a path or
// query parameter is a 400 naming it, before any key is even looked at.
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findUnstorableText, isStorableText } from '../../api/src/domain/storable-text.ts';
import {
  ADMIN_TOKEN,
  createHarness,
  type Harness,
  snapshot,
  type TestMerchant,
} from '../support/api-harness.ts';
import { DIALECTS } from '../support/databases.ts';

const ORIGIN = 'https://shop.example';

/** Raw (already percent-encoded) values for path and query parameters. */
const RAW_BAD = {
  nul: '%00',
  'nul inside': 'cus%00_1',
  'encoded surrogate': '%ED%A0%80',
  'overlong NUL': '%C0%80',
  'stray byte': '%FF',
  'truncated sequence': '%E2%82',
};
const RAW_ODD = { emoji: '%F0%9F%98%80', long: 'x'.repeat(4000) };

/** Strings for JSON bodies (JSON.stringify writes lone surrogates as `\udXXX` escapes). */
const BODY_BAD = ['\u0000', 'a\u0000b', '\ud800', 'x\udc00', '😀', 'y'.repeat(20_000)];

// biome-ignore lint/suspicious/noExplicitAny: walks arbitrary JSON Schema.
type Json = any;

interface Operation {
  method: string;
  path: string;
  auth: string;
  pathParams: string[];
  queryParams: string[];
  body: Json | undefined;
}

function operationsOf(doc: Json): Operation[] {
  const ops: Operation[] = [];
  for (const [path, item] of Object.entries<Json>(doc.paths)) {
    for (const [method, op] of Object.entries<Json>(item)) {
      const params: Json[] = op.parameters ?? [];
      ops.push({
        method: method.toUpperCase(),
        path,
        auth: Object.keys(op.security?.[0] ?? {})[0] ?? 'none',
        pathParams: params.filter((p) => p.in === 'path').map((p) => p.name),
        queryParams: params.filter((p) => p.in === 'query').map((p) => p.name),
        body: op.requestBody?.content?.['application/json']?.schema,
      });
    }
  }
  return ops;
}

/** A plausible value for a JSON Schema, so that bad strings get past the first type check. */
function exampleOf(schema: Json, doc: Json, depth = 0): Json {
  if (!schema || depth > 6) return null;
  if (schema.$ref) return exampleOf(doc.components.schemas[schema.$ref.split('/').pop()], doc, depth + 1);
  if ('const' in schema) return schema.const;
  if (schema.enum) return schema.enum[0];
  const variant = schema.anyOf ?? schema.oneOf;
  if (variant) return exampleOf(variant.find((s: Json) => s.type !== 'null') ?? variant[0], doc, depth + 1);
  switch (schema.type) {
    case 'object':
      return Object.fromEntries(
        Object.entries<Json>(schema.properties ?? {}).map(([k, s]) => [k, exampleOf(s, doc, depth + 1)]),
      );
    case 'array':
      return [exampleOf(schema.items, doc, depth + 1)];
    case 'integer':
    case 'number':
      return schema.minimum ?? 1;
    case 'boolean':
      return true;
    case 'string':
      if (schema.format === 'email') return 'fuzz@example.com';
      if (schema.format === 'date-time') return '2026-03-01T12:00:00.000Z';
      if (schema.format === 'uri') return 'https://shop.example/fuzz';
      if (schema.pattern === '^[A-Z]{3}$') return 'USD';
      return 'fuzz';
    default:
      return 'fuzz';
  }
}

/** Dotted paths of every string in an example value. */
function stringPaths(value: Json, prefix: (string | number)[] = []): (string | number)[][] {
  if (typeof value === 'string') return [prefix];
  if (Array.isArray(value)) return value.flatMap((item, i) => stringPaths(item, [...prefix, i]));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => stringPaths(v, [...prefix, k]));
  }
  return [];
}

function withValueAt(value: Json, path: (string | number)[], replacement: string): Json {
  const copy = structuredClone(value);
  let target = copy;
  for (const key of path.slice(0, -1)) target = target[key];
  target[path[path.length - 1]!] = replacement;
  return copy;
}

describe.each(DIALECTS)('text the database cannot hold, in every operation, on %s', (dialect) => {
  let h: Harness;
  let shop: TestMerchant;
  let operations: Operation[];
  let doc: Json;

  beforeAll(async () => {
    h = await createHarness(dialect);
    shop = await h.createMerchant('Fuzz Shop', [ORIGIN]);
    doc = (await h.request('GET', '/openapi.json')).body;
    operations = operationsOf(doc);
  });
  afterAll(() => h.close());

  const headersFor = (auth: string): Record<string, string> => {
    if (auth === 'secretKey') return { Authorization: `Bearer ${shop.secret_key}` };
    if (auth === 'publishableKey') return { Authorization: `Bearer ${shop.publishable_key}`, Origin: ORIGIN };
    if (auth === 'adminToken') return { Authorization: `Bearer ${ADMIN_TOKEN}` };
    return {};
  };

  const fill = (op: Operation, overrides: Record<string, string> = {}) =>
    op.path.replace(
      /\{(\w+)\}/g,
      (_, name: string) => overrides[name] ?? (name === 'platform' ? 'shopify' : 'fuzz1'),
    );

  async function send(op: Operation, path: string, body?: string | Uint8Array<ArrayBuffer>) {
    const res = await h.app.request(`http://flywheel.test${path}`, {
      method: op.method,
      headers: {
        ...headersFor(op.auth),
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body }),
    });
    return { status: res.status, body: (await res.json().catch(() => null)) as Json };
  }

  it('finds the operations to walk', () => {
    expect(operations.length).toBeGreaterThanOrEqual(34);
    expect(operations.filter((op) => op.pathParams.length > 0).length).toBeGreaterThanOrEqual(12);
  });

  it('refuses a NUL, a surrogate or malformed UTF-8 in any path parameter with a 400 naming it', async () => {
    const wrong: string[] = [];
    for (const op of operations) {
      for (const param of op.pathParams) {
        for (const [label, raw] of Object.entries(RAW_BAD)) {
          const res = await send(op, fill(op, { [param]: raw }), op.body ? '{}' : undefined);
          const ok = res.status === 400 && res.body?.error?.param === param;
          if (!ok) wrong.push(`${op.method} ${op.path} ${param}=${label} → ${res.status}`);
        }
        for (const [label, raw] of Object.entries(RAW_ODD)) {
          const res = await send(op, fill(op, { [param]: raw }), op.body ? '{}' : undefined);
          if (res.status >= 500) wrong.push(`${op.method} ${op.path} ${param}=${label} → ${res.status}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it('refuses them in any query parameter with a 400 naming it', async () => {
    const wrong: string[] = [];
    for (const op of operations) {
      for (const param of op.queryParams.filter((name) => !op.pathParams.includes(name))) {
        for (const [label, raw] of Object.entries(RAW_BAD)) {
          const res = await send(op, `${fill(op)}?${param}=${raw}`);
          if (res.status !== 400 || res.body?.error?.param !== param) {
            wrong.push(`${op.method} ${op.path}?${param}=${label} → ${res.status}`);
          }
        }
        for (const [label, raw] of Object.entries(RAW_ODD)) {
          const res = await send(op, `${fill(op)}?${param}=${raw}`);
          if (res.status >= 500) wrong.push(`${op.method} ${op.path}?${param}=${label} → ${res.status}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it('never answers a 5xx to a body field carrying them, and refuses NUL and surrogates by name', async () => {
    const wrong: string[] = [];
    for (const op of operations.filter((o) => o.body)) {
      const example = exampleOf(op.body, doc);
      for (const at of stringPaths(example)) {
        for (const bad of BODY_BAD) {
          const res = await send(op, fill(op), JSON.stringify(withValueAt(example, at, bad)));
          const field = at.join('.');
          if (res.status >= 500) wrong.push(`${op.method} ${op.path} ${field} → ${res.status}`);
          // Where the body is read at all (a key was accepted), the field is refused by name.
          const unstorable = bad.includes('\u0000') || bad.includes('\ud800') || bad.includes('\udc00');
          const read = res.status !== 401 && res.status !== 404 && res.status !== 429;
          if (unstorable && read && (res.status !== 400 || res.body?.error?.param !== field)) {
            wrong.push(`${op.method} ${op.path} ${field}=${JSON.stringify(bad)} → ${res.status}`);
          }
        }
      }
      // Bytes that are not UTF-8 at all.
      const raw = Uint8Array.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]);
      const res = await send(op, fill(op), raw);
      if (res.status >= 500) wrong.push(`${op.method} ${op.path} raw bytes → ${res.status}`);
    }
    expect(wrong).toEqual([]);
  });
});

describe('which text is storable', () => {
  it('accepts emoji (a surrogate pair) and refuses NUL and unpaired surrogates, in values and keys', async () => {
    expect(isStorableText('Zoë 😀 ✓')).toBe(true);
    expect(isStorableText('a\u0000')).toBe(false);
    expect(isStorableText('\ud83d')).toBe(false);
    expect(isStorableText('\ude00x')).toBe(false);
    expect(findUnstorableText({ a: ['ok', { b: 'x\u0000' }] })).toBe('a.1.b');
    expect(findUnstorableText({ 'k\ud800': 1 })).toBe('k\ud800');
    expect(findUnstorableText({ a: 'fine', n: 1, t: true, z: null })).toBeUndefined();
  });
});

describe.each(DIALECTS)('a signed platform webhook carrying a NUL, on %s', (dialect) => {
  let h: Harness;
  let shop: TestMerchant;
  const secret = 'shpss_fuzz_secret_0123456789';
  beforeAll(async () => {
    h = await createHarness(dialect);
    shop = await h.createMerchant('Signed Fuzz Shop', [ORIGIN]);
    await h.request('PUT', '/v1/integrations/shopify', {
      key: shop.secret_key,
      body: { webhook_secret: secret },
    });
  });
  afterAll(() => h.close());

  it('is refused by field, after its signature is checked, and writes nothing', async () => {
    const body = JSON.stringify({
      id: 5_001,
      email: 'zoe@example.com',
      customer: { id: 77, email: 'zoe@example.com', first_name: 'Zo\u0000e' },
      total_price: '24.00',
      currency: 'USD',
      financial_status: 'paid',
    });
    const before = await snapshot(h.database);
    const res = await h.request('POST', `/v1/integrations/shopify/${shop.id}`, {
      rawBody: body,
      headers: {
        'X-Shopify-Topic': 'orders/paid',
        'X-Shopify-Hmac-Sha256': createHmac('sha256', secret).update(body, 'utf8').digest('base64'),
        'X-Shopify-Event-Id': 'ev-nul-1',
      },
    });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'parameter_invalid', param: 'customer.first_name' });
    expect(await snapshot(h.database)).toEqual(before);
  });
});
