// /openapi.json is what generated clients and the /docs page read: it must lint clean, name every
// operation, and describe what the server really answers. The API harness checks every response the
// suites see against it (tests/support/openapi-conformance.ts); here, that the check itself bites.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness, type TestMerchant } from '../support/api-harness.ts';
import { DIALECTS } from '../support/databases.ts';
import { conformance } from '../support/openapi-conformance.ts';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));

describe('the OpenAPI document', () => {
  it('passes the Redocly lint with no errors', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'flywheel-openapi-'));
    try {
      const file = join(dir, 'openapi.json');
      writeFileSync(file, JSON.stringify(conformance().document));
      const result = await run(
        process.execPath,
        [join(root, 'node_modules/@redocly/cli/bin/cli.js'), 'lint', file, '--format=json'],
        // No telemetry and no update check: the lint runs offline.
        { env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' } },
      ).catch((error: { stdout: string }) => ({ stdout: error.stdout }));
      const report = JSON.parse(result.stdout) as { totals: { errors: number }; problems: unknown[] };
      expect(report.totals.errors, JSON.stringify(report.problems, null, 2)).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('names every operation once, and declares its 4xx answers with the error object', () => {
    const operations = Object.values(conformance().document.paths).flatMap((item) =>
      Object.values(item as Record<string, { operationId: string; responses: Record<string, unknown> }>),
    );
    const ids = operations.map((o) => o.operationId);
    expect(ids.every((id) => typeof id === 'string' && id.length > 0)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    const upsert = conformance().document.paths['/v1/customers'].post;
    expect(Object.keys(upsert.responses)).toEqual(
      expect.arrayContaining(['200', '201', '400', '401', '409']),
    );
    expect(upsert.parameters).toContainEqual({ $ref: '#/components/parameters/IdempotencyKey' });
    expect(conformance().document.components.responses.NotFound.content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/Error',
    });
  });

  it('flags an answer that drifted from it: an undeclared status, a missing field, a missing request id', () => {
    const headers = new Headers({ 'X-Request-Id': 'req_1' });
    const check = conformance().check;
    expect(check('GET', 'http://flywheel.test/v1/program', 418, headers, {})).toEqual([
      'GET /v1/program → 418: status not declared in /openapi.json',
    ]);
    const problems = check('GET', 'http://flywheel.test/v1/customers/u_1', 200, headers, {
      id: 'cus_1',
      object: 'customer',
    });
    expect(problems.join()).toMatch(/must have required property 'external_id'/);
    expect(
      check('GET', 'http://flywheel.test/v1/customers/u_1', 404, new Headers(), {
        error: { type: 'not_found', code: 'resource_missing', message: 'No such customer.' },
      }),
    ).toEqual(['GET /v1/customers/{external_id} → 404: no X-Request-Id header']);
  });
});

describe.each(DIALECTS)('/openapi.json served on %s', (dialect) => {
  let h: Harness;
  let shop: TestMerchant;
  beforeAll(async () => {
    h = await createHarness(dialect);
    shop = await h.createMerchant();
  });
  afterAll(() => h.close());

  it('is the generated document, with the server it is served from', async () => {
    const res = await h.request('GET', '/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.servers).toEqual([{ url: 'http://flywheel.test' }]);
    expect(res.body.paths).toEqual(conformance().document.paths);
  });

  it('states the page size limit the server enforces', async () => {
    const limit = conformance().document.paths['/v1/customers'].get.parameters.find(
      (p: { name?: string }) => p.name === 'limit',
    );
    expect(limit.schema).toMatchObject({ type: 'integer', minimum: 1, maximum: 100, default: 20 });
    expect((await h.request('GET', '/v1/customers?limit=100', { key: shop.secret_key })).status).toBe(200);
    const over = await h.request('GET', '/v1/customers?limit=101', { key: shop.secret_key });
    expect(over.body.error).toMatchObject({ type: 'invalid_request', param: 'limit' });
  });
});
