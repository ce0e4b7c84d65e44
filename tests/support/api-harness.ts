// An in-process Flywheel on a real database, driven through real HTTP requests via `app.request()`.
import { createApp, type FlywheelApp } from '../../api/src/app.ts';
import { manualClock } from '../../api/src/clock.ts';
import type { AppConfig } from '../../api/src/config.ts';
import { clientBehindProxies } from '../../api/src/domain/device.ts';
import { createTestDatabase, type TestDatabase } from './databases.ts';
import { conformance } from './openapi-conformance.ts';

export const ADMIN_TOKEN = 'test-admin-token';

export interface Harness {
  app: FlywheelApp;
  database: TestDatabase;
  clock: ReturnType<typeof manualClock>;
  config: AppConfig;
  request(method: string, path: string, options?: RequestOptions): Promise<TestResponse>;
  createMerchant(name?: string, allowedOrigins?: string[]): Promise<TestMerchant>;
  close(): Promise<void>;
}

export interface RequestOptions {
  key?: string;
  body?: unknown;
  /** Sent as-is (for malformed JSON tests). */
  rawBody?: string;
  headers?: Record<string, string>;
}

export interface TestResponse {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON.
  body: any;
}

export interface TestMerchant {
  id: string;
  publishable_key: string;
  secret_key: string;
  allowed_origins: string[];
}

export async function createHarness(
  dialect: TestDatabase['dialect'],
  overrides: Partial<AppConfig> = {},
): Promise<Harness> {
  const database = await createTestDatabase(dialect);
  const clock = manualClock(new Date('2026-03-01T12:00:00.000Z'));
  const config: AppConfig = {
    publicUrl: 'http://flywheel.test',
    adminToken: ADMIN_TOKEN,
    allowPrivateWebhooks: true,
    log: false,
    // In-process requests have no socket: act as if a trusted proxy on loopback forwarded them, so a
    // test names the shopper's address with X-Forwarded-For (the Node server trusts no proxy unless
    // FLYWHEEL_TRUST_PROXY says so).
    clientIp: (c) =>
      clientBehindProxies('127.0.0.1', c.req.header('X-Forwarded-For'), (ip) => ip === '127.0.0.1'),
    ...overrides,
  };
  const app = createApp({ db: database.db, clock, config });

  const request: Harness['request'] = async (method, path, options = {}) => {
    const headers: Record<string, string> = { ...options.headers };
    if (options.key) headers.Authorization = `Bearer ${options.key}`;
    let body: string | undefined;
    if (options.rawBody !== undefined) body = options.rawBody;
    else if (options.body !== undefined) body = JSON.stringify(options.body);
    if (body !== undefined) headers['Content-Type'] ??= 'application/json';
    const res = await app.request(`http://flywheel.test${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body }),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // not JSON: keep the text
    }
    // Every answer the API suites see must be one /openapi.json declares.
    const problems = conformance().check(
      method,
      `http://flywheel.test${path}`,
      res.status,
      res.headers,
      parsed,
    );
    if (problems.length) throw new Error(`The answer drifted from /openapi.json:\n${problems.join('\n')}`);
    return { status: res.status, headers: res.headers, body: parsed };
  };

  return {
    app,
    database,
    clock,
    config,
    request,
    async createMerchant(name = 'Shop', allowedOrigins = ['https://shop.example']) {
      const res = await request('POST', '/admin/v1/merchants', {
        key: ADMIN_TOKEN,
        body: { name, allowed_origins: allowedOrigins },
      });
      if (res.status !== 201) throw new Error(`merchant creation failed: ${JSON.stringify(res.body)}`);
      return res.body as TestMerchant;
    },
    close: () => database.destroy(),
  };
}

/** Row counts of every business table: a rejected request must leave all of them unchanged. */
export async function countRows(database: TestDatabase): Promise<Record<string, number>> {
  const tables = [
    'merchants',
    'api_keys',
    'programs',
    'customers',
    'visitors',
    'clicks',
    'referrals',
    'orders',
    'rewards',
    'ledger_entries',
    'coupon_codes',
    'offer_claims',
    'shares',
    'client_events',
    'events',
    'webhook_endpoints',
    'webhook_deliveries',
    'integrations',
    'idempotency_keys',
  ] as const;
  const counts: Record<string, number> = {};
  for (const table of tables) {
    const row = await database.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    counts[table] = Number(row.n);
  }
  return counts;
}

/** A snapshot of everything a rejected request could have touched: counts and the program text. */
export async function snapshot(database: TestDatabase) {
  const programs = await database.db
    .selectFrom('programs')
    .select(['merchant_id', 'config'])
    .orderBy('merchant_id')
    .execute();
  const customers = await database.db.selectFrom('customers').selectAll().orderBy('id').execute();
  return { counts: await countRows(database), programs, customers };
}
