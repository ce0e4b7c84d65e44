// The server's SQLite log is checkpointed by a thread of its own (api/src/db/sqlite-checkpointer.ts),
// not inside a request's COMMIT; the log still stays bounded, and a clean close leaves one file.
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { connectDatabase, walCheckpointerOf } from '../../api/src/db/connect.ts';
import type { Db } from '../../api/src/db/schema.ts';
import { BACKSTOP_PAGES } from '../../api/src/db/sqlite-checkpointer.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function serverDatabase() {
  const dir = mkdtempSync(join(tmpdir(), 'flywheel-checkpoint-'));
  dirs.push(dir);
  const path = join(dir, 'flywheel.db');
  return { path, db: connectDatabase(`file:${path}`, { checkpointInBackground: true }) };
}

// A 64 KiB row fills 16 pages of the log; the writes go through the writer, as a request's do.
const ROW = 64 * 1024;
async function writeRows(db: Db, from: number, count: number) {
  await db.transaction().execute(async (trx) => {
    for (let i = from; i < from + count; i++) {
      await sql`insert into bulk (id, body) values (${i}, randomblob(${ROW}))`.execute(trx);
    }
  });
}

describe('the SQLite log, checkpointed off the event loop', () => {
  it('leaves the copying to its thread: the writer no longer checkpoints every 1,000 pages', async () => {
    const { db } = serverDatabase();
    await sql`create table bulk (id integer primary key, body blob)`.execute(db);
    // 160 rows ≈ 2,600 pages: SQLite's own checkpoint at 1,000 would have restarted the log by now.
    for (let i = 0; i < 160; i += 20) await writeRows(db, i, 20);
    const [backstop] = (await sql<{ wal_autocheckpoint: number }>`pragma wal_autocheckpoint`.execute(db))
      .rows;
    expect(backstop?.wal_autocheckpoint).toBe(BACKSTOP_PAGES);
    const round = await roundOf(db);
    expect(round.log).toBeGreaterThan(2_500);
    expect(round.checkpointed).toBe(round.log);
    await db.destroy();
  });

  it('keeps the log bounded under unbroken writes, and a clean close leaves only the database', async () => {
    const { db, path } = serverDatabase();
    await sql`create table bulk (id integer primary key, body blob)`.execute(db);
    // 1,600 rows ≈ 100 MiB through the log, more than the writer's backstop of 64 MiB.
    for (let i = 0; i < 1_600; i += 40) await writeRows(db, i, 40);
    const limit = BACKSTOP_PAGES * 4096 * 1.25;
    expect(statSync(`${path}-wal`).size).toBeLessThan(limit);
    await db.destroy();
    expect(existsSync(`${path}-wal`)).toBe(false);

    const reopened = connectDatabase(`file:${path}`);
    const [count] = (await sql<{ n: number }>`select count(*) as n from bulk`.execute(reopened)).rows;
    expect(count?.n).toBe(1_600);
    await reopened.destroy();
  }, 60_000);
});

/** Asks the database's checkpointer for a round now rather than waiting for its timer. */
function roundOf(db: Db) {
  const checkpointer = walCheckpointerOf(db);
  if (!checkpointer) throw new Error('no checkpointer on this database');
  return checkpointer.round();
}
