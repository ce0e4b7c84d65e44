// `fw.imports.create` against a real API: lines as objects go as NDJSON, a string as CSV, and the report
// comes back typed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Flywheel } from '../../sdk/src/server.ts';
import { type LiveApi, startLiveApi } from './support/live-api.ts';

let api: LiveApi;
let fw: Flywheel;
beforeAll(async () => {
  api = await startLiveApi();
  fw = api.client();
});
afterAll(() => api.close());

describe('imports', () => {
  it('imports lines as NDJSON and a CSV file as text, and re-importing changes nothing', async () => {
    const lines = [
      { type: 'customer' as const, external_id: 'imp_ann', email: 'imp.ann@example.com' },
      {
        type: 'order' as const,
        external_id: 'imp-1001',
        customer: { external_id: 'imp_ann' },
        amount: 4999,
        currency: 'USD',
        created_at: '2024-06-01T10:00:00Z',
      },
    ];
    const report = await fw.imports.create(lines);
    expect(report).toMatchObject({
      format: 'ndjson',
      accepted: 2,
      customers: { created: 1 },
      orders: { created: 1 },
    });
    expect(await fw.imports.create(lines)).toMatchObject({
      customers: { unchanged: 1 },
      orders: { existing: 1 },
    });

    const csv = await fw.imports.create(
      'type,external_id,email\ncustomer,imp_bo,not-an-email\ncustomer,imp_cy,\n',
    );
    expect(csv).toMatchObject({ format: 'csv', accepted: 1, rejected_count: 1 });
    expect(csv.rejected[0]).toMatchObject({ line: 2, error: { param: 'email' } });
    expect((await fw.customers.get('imp_ann')).orders_count).toBe(1);
  });
});
