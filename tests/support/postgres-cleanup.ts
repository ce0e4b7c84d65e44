// Vitest global setup: before any test file runs, drop the test schemas earlier runs left behind.
// Only schemas over an hour old go, so a run in progress elsewhere keeps its own.
import pg from 'pg';

const PREFIX = 'fw_test_';
const MAX_AGE_MS = 3_600_000;

export default async function dropStaleTestSchemas(): Promise<void> {
  const url = process.env.TEST_POSTGRES_URL;
  if (!url) return;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ nspname: string }>(
      "select nspname from pg_namespace where nspname like 'fw\\_test\\_%'",
    );
    for (const { nspname } of rows) {
      const created = Number.parseInt(nspname.slice(PREFIX.length).split('_')[0] ?? '', 36);
      if (Number.isFinite(created) && Date.now() - created > MAX_AGE_MS) {
        await client.query(`drop schema if exists "${nspname}" cascade`);
      }
    }
  } finally {
    await client.end();
  }
}
