// Who sees which variant, and which variant's values a claim or a conversion pays. While an
// experiment runs, these replace the program's offers for the units in it; nothing else changes.
import type { Customer, Executor } from '../db/schema.ts';
import type { Deps } from '../deps.ts';
import { assignVariant } from '../domain/experiment-assignment.ts';
import { applyOverrides } from '../domain/experiment-overrides.ts';
import type { Variant } from '../schemas/experiment.ts';
import type { ProgramConfig } from '../schemas/program.ts';
import {
  type Experiment,
  findAssignment,
  recordAssignment,
  runningExperiment,
} from '../store/experiments.ts';
import { findAdvocate } from '../store/order-parties.ts';

/** Read on every page view, so kept for a few seconds like the program (starting or stopping drops it). */
const RUNNING_TTL_MS = 5_000;
export const runningExperimentKey = (merchantId: string) => `experiment:running:${merchantId}`;

export function loadRunningExperiment(deps: Pick<Deps, 'db' | 'cache'>, merchantId: string) {
  return deps.cache.remember(runningExperimentKey(merchantId), RUNNING_TTL_MS, () =>
    runningExperiment(deps.db, merchantId),
  );
}

export interface Shown {
  experimentId: string;
  variant: string;
  /** The program with the variant's overrides. */
  program: ProgramConfig;
}

const control = (experiment: Experiment): Variant => experiment.variants[0]!;

function variantByKey(experiment: Experiment, key: string): Variant {
  return experiment.variants.find((v) => v.key === key) ?? control(experiment);
}

/**
 * An advocate's variant: advocates who existed before the start stay on control (their friends may
 * already have been told the old offer); newer ones are hashed.
 */
export function advocateVariant(
  experiment: Experiment,
  advocate: Pick<Customer, 'id' | 'created_at'>,
): Variant {
  if (!experiment.started_at || advocate.created_at < experiment.started_at) return control(experiment);
  return assignVariant(experiment.id, advocate.id, experiment.variants);
}

const shown = (experiment: Experiment, variant: Variant, program: ProgramConfig): Shown => ({
  experimentId: experiment.id,
  variant: variant.key,
  program: applyOverrides(program, variant.overrides),
});

/**
 * At bootstrap: the variant this page view shows, recording the visitor's exposure the first time.
 * `unit: visitor` exposes every visitor who is not yet a buyer; `unit: advocate` exposes the friends
 * an advocate's link brings (they see the advocate's variant) and shows a signed-in advocate their own.
 */
export async function exposeAtBootstrap(
  trx: Executor,
  experiment: Experiment | null,
  program: ProgramConfig,
  ctx: {
    visitorId: string;
    customer: Pick<Customer, 'id' | 'created_at' | 'orders_count'> | null;
    referrer: Pick<Customer, 'id' | 'created_at'> | null;
    now: Date;
  },
): Promise<Shown | null> {
  if (!experiment) return null;
  if (experiment.unit === 'visitor') {
    if (ctx.customer && ctx.customer.orders_count > 0) return null;
    const hashed = assignVariant(experiment.id, ctx.visitorId, experiment.variants);
    const key = await recordAssignment(
      trx,
      { experimentId: experiment.id, visitorId: ctx.visitorId, variant: hashed.key, unitId: ctx.visitorId },
      ctx.now,
    );
    return shown(experiment, variantByKey(experiment, key), program);
  }
  if (ctx.referrer) {
    const variant = advocateVariant(experiment, ctx.referrer);
    await recordAssignment(
      trx,
      {
        experimentId: experiment.id,
        visitorId: ctx.visitorId,
        variant: variant.key,
        unitId: ctx.referrer.id,
      },
      ctx.now,
    );
    return shown(experiment, variant, program);
  }
  if (ctx.customer) return shown(experiment, advocateVariant(experiment, ctx.customer), program);
  return null;
}

/** The new-customer offer a visitor claims: their variant's, while the experiment runs. */
export async function programForVisitor(
  trx: Executor,
  experiment: Experiment | null,
  program: ProgramConfig,
  visitorId: string,
): Promise<Shown | null> {
  if (!experiment) return null;
  const key = await findAssignment(trx, experiment.id, visitorId);
  return key ? shown(experiment, variantByKey(experiment, key), program) : null;
}

/**
 * The referral rewards of an attributed first order: the advocate's variant (`unit: advocate`) or the
 * friend's visitor's (`unit: visitor`), while the experiment runs. No statement at all when none runs.
 */
export async function programForConversion(
  trx: Executor,
  experiment: Experiment | null,
  program: ProgramConfig,
  ctx: { referrerId: string; visitorId: string | null },
): Promise<Shown | null> {
  if (!experiment) return null;
  if (experiment.unit === 'visitor') {
    return ctx.visitorId ? programForVisitor(trx, experiment, program, ctx.visitorId) : null;
  }
  const referrer = await findAdvocate(trx, ctx.referrerId);
  return referrer ? shown(experiment, advocateVariant(experiment, referrer), program) : null;
}
