import * as v from 'valibot';
import type { Executor } from '../db/schema.ts';
import type { Deps } from '../deps.ts';
import { type ProgramConfig, ProgramConfigSchema } from '../schemas/program.ts';

/** The merchant's program, through the per-process cache (it is read on every hot-path request). */
/**
 * Inside a transaction pass it as `db`: on SQLite the transaction holds the one connection, so a
 * cache miss read through `deps.db` would wait for it forever.
 */
export async function loadProgram(
  deps: Pick<Deps, 'db' | 'cache'>,
  merchantId: string,
  db: Executor = deps.db,
): Promise<ProgramConfig> {
  const cached = deps.cache.getProgram(merchantId);
  if (cached) return cached;
  const program = await readProgram(db, merchantId);
  deps.cache.setProgram(merchantId, program);
  return program;
}

export async function readProgram(db: Executor, merchantId: string): Promise<ProgramConfig> {
  const row = await db
    .selectFrom('programs')
    .select('config')
    .where('merchant_id', '=', merchantId)
    .executeTakeFirstOrThrow();
  // Parsing fills defaults added since the row was written.
  return v.parse(ProgramConfigSchema, JSON.parse(row.config));
}

export async function saveProgram(db: Executor, merchantId: string, program: ProgramConfig, now: Date) {
  await db
    .updateTable('programs')
    .set({ config: JSON.stringify(program), updated_at: now.toISOString() })
    .where('merchant_id', '=', merchantId)
    .execute();
}
