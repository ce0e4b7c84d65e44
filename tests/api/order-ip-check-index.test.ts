// The fraud check on every referred order counts today's referred orders from the buyer's address.
// It must find them through an index on the address, not by reading the whole day's orders of the
// shop: on a busy shop that read grew with every order of the day, and every order paid it again.
// Checked on SQLite's query plan (PostgreSQL's planner prefers a scan on a test's few rows).
import SQLite from 'better-sqlite3';
import {
  createQueryId,
  type KyselyPlugin,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryResult,
  type RootOperationNode,
  type UnknownRow,
} from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqlitePathFromUrl } from '../../api/src/db/connect.ts';
import { referredOrdersFromIp } from '../../api/src/store/evidence.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';

/** Keeps the operation nodes of the queries it sees, so a test can compile them and ask for a plan. */
class CaptureQueries implements KyselyPlugin {
  readonly nodes: RootOperationNode[] = [];
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    this.nodes.push(args.node);
    return args.node;
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}

describe('the per-address fraud check of an order', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
  });
  afterAll(async () => {
    await database.destroy();
  });

  it('finds the address’s orders of the day through an index on the address', async () => {
    const capture = new CaptureQueries();
    const day = '2026-11-30T00:00:00.000Z';
    await referredOrdersFromIp(database.db.withPlugin(capture), 'mer_1', 'ip_hash_1', day);
    expect(capture.nodes).toHaveLength(1);
    const compiled = database.db.getExecutor().compileQuery(capture.nodes[0]!, createQueryId());

    const sqlite = new SQLite(sqlitePathFromUrl(database.url), { readonly: true });
    try {
      const plan = sqlite
        .prepare(`explain query plan ${compiled.sql}`)
        .all(...(compiled.parameters as unknown[])) as { detail: string }[];
      const details = plan.map((step) => step.detail).join('\n');
      expect(details).toContain('orders_merchant_ip_time_idx');
      expect(details).toMatch(/ip_hash=\?/);
    } finally {
      sqlite.close();
    }
  });
});
