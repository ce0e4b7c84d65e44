// Experiments and their assignments: the only SQL that knows these tables.
import type { Executor } from '../db/schema.ts';
import { readJson } from '../db/schema.ts';
import type { ExperimentCreate, ExperimentObject, Variant } from '../schemas/experiment.ts';

type Row = {
  id: string;
  name: string;
  unit: 'visitor' | 'advocate';
  status: 'draft' | 'running' | 'stopped';
  variants: string;
  primary_metric: 'first_order' | 'offer_claim' | 'share';
  guardrails: string;
  min_days: number;
  started_at: string | null;
  stopped_at: string | null;
  promoted_variant: string | null;
  created_at: string;
};

/** An experiment as the services use it (warnings are derived, not stored). */
export type Experiment = Omit<ExperimentObject, 'object' | 'warnings'>;

const COLUMNS = [
  'id',
  'name',
  'unit',
  'status',
  'variants',
  'primary_metric',
  'guardrails',
  'min_days',
  'started_at',
  'stopped_at',
  'promoted_variant',
  'created_at',
] as const;

function fromRow(row: Row): Experiment {
  return {
    ...row,
    min_days: Number(row.min_days),
    variants: readJson<Variant[]>(row.variants, []),
    guardrails: readJson<Experiment['guardrails']>(row.guardrails, []),
  };
}

export async function insertExperiment(
  db: Executor,
  merchantId: string,
  id: string,
  input: ExperimentCreate,
  now: Date,
): Promise<Experiment> {
  const row = {
    id,
    merchant_id: merchantId,
    name: input.name,
    unit: input.unit,
    status: 'draft' as const,
    variants: JSON.stringify(input.variants),
    primary_metric: input.primary_metric,
    guardrails: JSON.stringify(input.guardrails),
    min_days: input.min_days,
    started_at: null,
    stopped_at: null,
    promoted_variant: null,
    created_at: now.toISOString(),
  };
  await db.insertInto('experiments').values(row).execute();
  return fromRow(row);
}

export async function findExperiment(
  db: Executor,
  merchantId: string,
  id: string,
): Promise<Experiment | undefined> {
  const row = await db
    .selectFrom('experiments')
    .select(COLUMNS)
    .where('merchant_id', '=', merchantId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row && fromRow(row);
}

export async function listExperiments(
  db: Executor,
  merchantId: string,
  page: { limit: number; startingAfter?: string | undefined },
): Promise<{ rows: Experiment[]; hasMore: boolean }> {
  let query = db
    .selectFrom('experiments')
    .select(COLUMNS)
    .where('merchant_id', '=', merchantId)
    .orderBy('id', 'desc')
    .limit(page.limit + 1);
  if (page.startingAfter) query = query.where('id', '<', page.startingAfter);
  const rows = await query.execute();
  return { rows: rows.slice(0, page.limit).map(fromRow), hasMore: rows.length > page.limit };
}

export async function runningExperiment(db: Executor, merchantId: string): Promise<Experiment | null> {
  const row = await db
    .selectFrom('experiments')
    .select(COLUMNS)
    .where('merchant_id', '=', merchantId)
    .where('status', '=', 'running')
    .executeTakeFirst();
  return row ? fromRow(row) : null;
}

/** Moves the experiment from one status to the next; false when it was not in `from` (a lost race). */
export async function changeStatus(
  db: Executor,
  merchantId: string,
  id: string,
  from: Experiment['status'],
  to: { status: Experiment['status']; started_at?: string; stopped_at?: string },
): Promise<boolean> {
  const result = await db
    .updateTable('experiments')
    .set(to)
    .where('merchant_id', '=', merchantId)
    .where('id', '=', id)
    .where('status', '=', from)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function markPromoted(db: Executor, id: string, variant: string): Promise<void> {
  await db.updateTable('experiments').set({ promoted_variant: variant }).where('id', '=', id).execute();
}

/** Records the visitor's exposure once: the first assignment stands. Returns the variant it holds. */
export async function recordAssignment(
  db: Executor,
  assignment: { experimentId: string; visitorId: string; variant: string; unitId: string },
  now: Date,
): Promise<string> {
  const inserted = await db
    .insertInto('assignments')
    .values({
      experiment_id: assignment.experimentId,
      visitor_id: assignment.visitorId,
      variant: assignment.variant,
      unit_id: assignment.unitId,
      created_at: now.toISOString(),
    })
    .onConflict((oc) => oc.columns(['experiment_id', 'visitor_id']).doNothing())
    .executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0) return assignment.variant;
  return (await findAssignment(db, assignment.experimentId, assignment.visitorId)) ?? assignment.variant;
}

export async function findAssignment(
  db: Executor,
  experimentId: string,
  visitorId: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('assignments')
    .select('variant')
    .where('experiment_id', '=', experimentId)
    .where('visitor_id', '=', visitorId)
    .executeTakeFirst();
  return row?.variant;
}
