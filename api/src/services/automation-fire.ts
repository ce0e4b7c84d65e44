// Firing one automation for one customer, inside the caller's transaction: claim the (rule,
// customer, occurrence) key, then the actions — a reward through the ordinary reward path, the
// on-site message (stored on the firing, read by the bootstrap), and `automation.fired` in the outbox
// with the profile an email tool needs. A claim that loses to an earlier one does nothing at all.
import type { Customer, Executor } from '../db/schema.ts';
import { referralUrl } from '../domain/links.ts';
import type { Segment } from '../domain/segments.ts';
import { newId } from '../ids.ts';
import type { AutomationRule } from '../schemas/lifecycle.ts';
import type { ProgramConfig } from '../schemas/program.ts';
import { claimFiring, setFiringReward } from '../store/automations.ts';
import { pointsAndTier } from '../store/customer-points.ts';
import { recordEvent } from '../store/events.ts';
import { createReward, presentReward } from '../store/rewards.ts';

export interface FireContext {
  merchantId: string;
  program: ProgramConfig;
  allowedOrigins: readonly string[];
  publicUrl: string;
}

export async function fireAutomation(
  trx: Executor,
  ctx: FireContext,
  rule: AutomationRule,
  customer: Customer,
  segment: Segment,
  occurrence: string,
  now: Date,
): Promise<boolean> {
  const id = newId('afr', now.getTime());
  const claimed = await claimFiring(trx, {
    id,
    merchant_id: ctx.merchantId,
    rule_id: rule.id,
    customer_id: customer.id,
    occurrence,
    trigger: rule.trigger.type,
    reward_id: null,
    message: rule.message ? JSON.stringify(rule.message) : null,
    fired_at: now.toISOString(),
    shown_at: null,
  });
  if (!claimed) return false;

  const reward = rule.reward
    ? await createReward(
        trx,
        {
          merchantId: ctx.merchantId,
          customerId: customer.id,
          source: 'automation',
          value: rule.reward,
          causeKey: `automation:${id}`,
          holdDays: 0,
          pool: `automation:${rule.id}`,
        },
        ctx.program,
        now,
      )
    : null;
  if (reward) await setFiringReward(trx, id, reward.id);

  if (rule.webhook) {
    const fresh = await pointsAndTier(trx, customer.id);
    await recordEvent(
      trx,
      {
        merchantId: ctx.merchantId,
        type: 'automation.fired',
        customerId: customer.id,
        data: {
          id,
          automation: rule.id,
          trigger: rule.trigger,
          occurrence,
          customer: {
            id: customer.id,
            external_id: customer.external_id,
            email: customer.email,
            name: customer.name,
            segment,
            tier: fresh.tier,
            points_balance: Number(fresh.points_balance),
            referral_url: referralUrl(customer.referral_code, {
              landing_url: ctx.program.landing_url,
              allowed_origins: ctx.allowedOrigins,
              fallback: ctx.publicUrl,
            }),
          },
          reward: reward ? presentReward(reward) : null,
          message: rule.message,
        },
      },
      now,
    );
  }
  return true;
}
