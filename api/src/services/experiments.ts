// An experiment's life: created as a draft, started (one at a time per merchant), stopped, and its
// winner promoted into the program.
import { isUniqueViolation } from '../db/dialect.ts';
import type { Executor } from '../db/schema.ts';
import type { Deps } from '../deps.ts';
import { experimentWarnings } from '../domain/experiment-overrides.ts';
import { deepMerge } from '../domain/program.ts';
import { ApiError, notFound } from '../http/errors.ts';
import { validate } from '../http/validate.ts';
import { newId } from '../ids.ts';
import type { ExperimentCreate, ExperimentObject } from '../schemas/experiment.ts';
import { ProgramConfigSchema } from '../schemas/program.ts';
import { recordEvent } from '../store/events.ts';
import {
  changeStatus,
  type Experiment,
  findExperiment,
  insertExperiment,
  markPromoted,
  runningExperiment,
} from '../store/experiments.ts';
import { readProgram, saveProgram } from '../store/programs.ts';
import { runningExperimentKey } from './experiment-exposure.ts';

export function presentExperiment(experiment: Experiment): ExperimentObject {
  return { object: 'experiment', ...experiment, warnings: experimentWarnings(experiment.variants) };
}

const conflict = (code: string, message: string) => new ApiError('conflict', code, message);

// Each change below runs inside the caller's transaction; the caller forgets the cached state after
// it (forgetExperimentState), whether the change committed or not.

export async function createExperiment(
  trx: Executor,
  merchantId: string,
  input: ExperimentCreate,
  now: Date,
) {
  const experiment = await insertExperiment(trx, merchantId, newId('exp', now.getTime()), input, now);
  await recordEvent(
    trx,
    { merchantId, type: 'experiment.created', data: { experiment: experiment.id, name: experiment.name } },
    now,
  );
  return presentExperiment(experiment);
}

export async function getExperiment(db: Executor, merchantId: string, id: string): Promise<Experiment> {
  const experiment = await findExperiment(db, merchantId, id);
  if (!experiment) throw notFound('experiment', 'id');
  return experiment;
}

export async function startExperiment(trx: Executor, merchantId: string, id: string, now: Date) {
  try {
    const experiment = await getExperiment(trx, merchantId, id);
    if (experiment.status !== 'draft') {
      throw conflict(
        'experiment_not_draft',
        `The experiment is ${experiment.status}; only a draft can start.`,
      );
    }
    const other = await runningExperiment(trx, merchantId);
    if (other) throw alreadyRunning(other.id);
    await changeStatus(trx, merchantId, id, 'draft', { status: 'running', started_at: now.toISOString() });
    await recordEvent(trx, { merchantId, type: 'experiment.started', data: { experiment: id } }, now);
    return presentExperiment({ ...experiment, status: 'running', started_at: now.toISOString() });
  } catch (error) {
    // Two starts at once: the partial unique index lets one experiment run, the other answers 409.
    if (isUniqueViolation(error)) throw alreadyRunning(null);
    throw error;
  }
}

const alreadyRunning = (otherId: string | null) =>
  conflict(
    'experiment_already_running',
    `Another experiment${otherId ? ` (${otherId})` : ''} is running; stop it first: one offer test at a time keeps each result clean.`,
  );

export async function stopExperiment(trx: Executor, merchantId: string, id: string, now: Date) {
  const experiment = await getExperiment(trx, merchantId, id);
  if (experiment.status !== 'running') {
    throw conflict(
      'experiment_not_running',
      `The experiment is ${experiment.status}; only a running one can stop.`,
    );
  }
  await stop(trx, merchantId, experiment, now);
  return presentExperiment({ ...experiment, status: 'stopped', stopped_at: now.toISOString() });
}

async function stop(trx: Executor, merchantId: string, experiment: Experiment, now: Date) {
  await changeStatus(trx, merchantId, experiment.id, 'running', {
    status: 'stopped',
    stopped_at: now.toISOString(),
  });
  await recordEvent(
    trx,
    { merchantId, type: 'experiment.stopped', data: { experiment: experiment.id } },
    now,
  );
}

/**
 * Writes the variant's overrides into the program, stopping the experiment if it still runs. The
 * merged program is validated whole, as `PUT /v1/program` does.
 */
export async function promoteVariant(
  trx: Executor,
  merchantId: string,
  id: string,
  variantKey: string,
  now: Date,
) {
  const experiment = await getExperiment(trx, merchantId, id);
  const variant = experiment.variants.find((v) => v.key === variantKey);
  if (!variant) {
    throw new ApiError(
      'invalid_request',
      'parameter_invalid',
      `The experiment has no variant "${variantKey}".`,
      {
        param: 'variant',
      },
    );
  }
  if (experiment.status === 'draft') {
    throw conflict('experiment_not_started', 'A draft has no results to promote; start it first.');
  }
  if (experiment.promoted_variant) {
    throw conflict(
      'experiment_already_promoted',
      `Variant "${experiment.promoted_variant}" was already promoted.`,
    );
  }
  let stoppedAt = experiment.stopped_at;
  if (experiment.status === 'running') {
    await stop(trx, merchantId, experiment, now);
    stoppedAt = now.toISOString();
  }
  const current = await readProgram(trx, merchantId);
  const program = validate(ProgramConfigSchema, deepMerge(current, variant.overrides));
  await saveProgram(trx, merchantId, program, now);
  await markPromoted(trx, id, variant.key);
  await recordEvent(
    trx,
    {
      merchantId,
      type: 'experiment.promoted',
      data: { experiment: id, variant: variant.key, overrides: variant.overrides },
    },
    now,
  );
  return presentExperiment({
    ...experiment,
    status: 'stopped',
    stopped_at: stoppedAt,
    promoted_variant: variant.key,
  });
}

/**
 * After a start, stop or promotion — committed or not — the cached running experiment (and, after a
 * promotion, the cached program) is read afresh.
 */
export function forgetExperimentState(
  deps: Pick<Deps, 'cache'>,
  merchantId: string,
  options: { program?: boolean } = {},
): void {
  deps.cache.forget(runningExperimentKey(merchantId));
  if (options.program) deps.cache.invalidateProgram(merchantId);
}
