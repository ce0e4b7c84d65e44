// POST /v1/client/bootstrap — the one request the widget makes on every page view: the visitor id,
// the program's shopper-facing parts, a recorded click for `?ref=`, the friend offer, and for a
// signed identity the customer state and a session token.
import type { Executor } from '../db/schema.ts';
import type { Deps } from '../deps.ts';
import { withRunningBoosts } from '../domain/campaigns.ts';
import { deviceHash } from '../domain/device.ts';
import { inHoldout, withoutOffers } from '../domain/holdout.ts';
import { verifyIdentity } from '../domain/identity.ts';
import { currenciesIn, numberFormatFor } from '../domain/number-format.ts';
import { normalizeReferralCode } from '../domain/referral-code.ts';
import { SESSION_TTL_MS, signSession } from '../domain/session.ts';
import { firstName, textsForLocale } from '../domain/texts.ts';
import { ApiError } from '../http/errors.ts';
import { newId } from '../ids.ts';
import type { BootstrapInput, BootstrapResponse } from '../schemas/client.ts';
import type { ProgramConfig } from '../schemas/program.ts';
import { insertClickWithEvent, shareRewardsToday } from '../store/clicks.ts';
import { findCustomerById, findReferrerByCode } from '../store/customers.ts';
import { type AuthedMerchant, secretKeyHashes } from '../store/merchants.ts';
import { loadProgram } from '../store/programs.ts';
import { createReward } from '../store/rewards.ts';
import { signUpCustomer } from '../store/sign-up.ts';
import { type DeviceHashes, deviceBelongsTo, tieVisitorToCustomer, touchVisitor } from '../store/visitors.ts';
import { clientLifecycle } from './client-lifecycle.ts';
import { customerState } from './customer-state.ts';
import { exposeAtBootstrap, loadRunningExperiment } from './experiment-exposure.ts';

// Ids we issue look like `vis_…`; a shop that already has its own first-party visitor id may pass it
// instead, and we keep it, so its server can report orders with the id it knows.
const VISITOR_ID = /^[A-Za-z0-9_.:-]{6,64}$/;

export function publicProgram(program: ProgramConfig, locale: string | undefined) {
  const { referral, share_to_earn, loyalty, new_customer_offer, theme, feedback } = program;
  return {
    texts: textsForLocale(program.texts, locale ?? undefined),
    theme,
    referral: {
      enabled: referral.enabled,
      referrer_reward: referral.referrer_reward,
      friend_reward: referral.friend_reward,
    },
    share_to_earn,
    loyalty: {
      enabled: loyalty.enabled,
      points_per_unit: loyalty.points_per_unit,
      signup_points: loyalty.signup_points,
      birthday_points: loyalty.birthday_points,
      tiers: loyalty.tiers,
      redemption_options: loyalty.redemption_options,
    },
    new_customer_offer,
    feedback,
  };
}

/** `fw_ch` on the landing URL names the channel a share went out on. */
function channelFromUrl(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    return new URL(url).searchParams.get('fw_ch');
  } catch {
    return null;
  }
}

/** What a bootstrap needs before its transaction: reads, hashing and the identity check. */
export interface BootstrapPlan {
  merchant: AuthedMerchant;
  input: BootstrapInput;
  program: ProgramConfig;
  experiment: Awaited<ReturnType<typeof loadRunningExperiment>>;
  identity: Awaited<ReturnType<typeof verifyIdentity>>;
  device: DeviceHashes;
  publicUrl: string;
  now: Date;
}

/**
 * Everything outside the transaction: the program and experiment (cached), the identity signature
 * and the device hashes. `transact()` may run the work twice, so nothing here belongs inside it.
 */
export async function prepareBootstrap(
  deps: Deps,
  merchant: AuthedMerchant,
  input: BootstrapInput,
  device: { ip: string | undefined; userAgent: string | undefined },
): Promise<BootstrapPlan> {
  const now = deps.clock.now();
  const program = withRunningBoosts(await loadProgram(deps, merchant.id), now);
  const experiment = await loadRunningExperiment(deps, merchant.id);
  const identity = input.identity
    ? await verifyIdentity(input.identity, await secretKeyHashes(deps.db, merchant.id))
    : null;
  if (input.identity && !identity) {
    throw new ApiError(
      'authentication',
      'invalid_identity_signature',
      'The identity signature does not match.',
      {
        param: 'identity.signature',
      },
    );
  }
  const salt = merchant.settings.session_secret;
  const [ipHash, uaHash] = await Promise.all([
    deviceHash(salt, device.ip),
    deviceHash(salt, device.userAgent),
  ]);
  return {
    merchant,
    input,
    program,
    experiment,
    identity,
    device: { ipHash, uaHash },
    publicUrl: deps.config.publicUrl,
    now,
  };
}

/** The page view itself, in the transaction the entry gives: visitor, sign-in, click, answer. */
export async function bootstrap(trx: Executor, plan: BootstrapPlan): Promise<BootstrapResponse> {
  const { merchant, input, program, experiment, identity, now } = plan;
  const { ipHash, uaHash } = plan.device;
  const visitorId =
    input.visitor_id && VISITOR_ID.test(input.visitor_id) ? input.visitor_id : newId('vis', now.getTime());
  const visitor = await touchVisitor(trx, merchant.id, visitorId, plan.device, now);

  let customer = null;
  if (identity) {
    ({ customer } = await signUpCustomer(
      trx,
      merchant.id,
      // Only what the merchant's server signed may replace the stored profile: an unsigned email or
      // name is the browser's word, and would let a shopper dodge the self-referral check or serve
      // markup as their referrer_name.
      {
        external_id: identity.externalId,
        ...(identity.profile?.email ? { email: identity.profile.email } : {}),
        ...(identity.profile?.name ? { name: identity.profile.name } : {}),
      },
      now,
      program,
    ));
    await tieVisitorToCustomer(trx, merchant.id, visitorId, customer.id, now);
  }

  let friendOffer: BootstrapResponse['friend_offer'] = null;
  const code = input.ref ? normalizeReferralCode(input.ref) : '';
  const referrer =
    code && program.referral.enabled ? await findReferrerByCode(trx, merchant.id, code) : undefined;
  const visitorIsReferrer = referrer && (customer?.id === referrer.id || visitor.customerId === referrer.id);
  // A held-out customer sees no offers; otherwise a running experiment's variant replaces the
  // offers this visitor is shown (docs/experiments.md).
  const heldOut = customer !== null && inHoldout(program.holdout, customer);
  const shownProgram = heldOut
    ? withoutOffers(program)
    : ((
        await exposeAtBootstrap(trx, experiment, program, {
          visitorId,
          customer,
          referrer: referrer && !visitorIsReferrer ? referrer : null,
          now,
        })
      )?.program ?? program);
  if (referrer && !visitorIsReferrer) {
    const channel = input.channel ?? channelFromUrl(input.url);
    await recordClick(trx, {
      merchantId: merchant.id,
      program,
      referrer: { id: referrer.id, code: referrer.referral_code },
      visitorId,
      landingUrl: input.url ?? null,
      channel,
      ipHash,
      uaHash,
      // Anonymous visits from a device the referrer uses are still recorded (attribution flags
      // them as same_device_as_referrer) but never pay a share reward: self-clicks farm nothing.
      // Asked only of a click that could pay one (most clicks name no channel).
      fromReferrerDevice: () => deviceBelongsTo(trx, merchant.id, plan.device, referrer.id),
      now,
    });
    friendOffer = heldOut
      ? null
      : {
          referrer_name: firstName(referrer.name),
          reward: shownProgram.referral.friend_reward,
          code: referrer.referral_code,
        };
  }

  const response: BootstrapResponse = {
    visitor_id: visitorId,
    program: publicProgram(shownProgram, input.locale ?? undefined),
    customer: null,
    friend_offer: friendOffer,
  };
  if (customer) {
    const fresh = (await findCustomerById(trx, merchant.id, customer.id)) ?? customer;
    response.customer = await customerState(trx, merchant, shownProgram, fresh, plan.publicUrl);
    response.session = await signSession(
      {
        merchantId: merchant.id,
        customerId: customer.id,
        visitorId,
        expiresAt: now.getTime() + SESSION_TTL_MS,
      },
      merchant.settings.session_secret,
    );
  }
  response.lifecycle = await clientLifecycle(trx, program, customer?.id ?? null, now);
  // Without a locale there is no number format to send, and no need to gather the currencies.
  const numberFormat = input.locale ? numberFormatFor(input.locale, currenciesIn(response)) : undefined;
  if (numberFormat) response.number_format = numberFormat;
  return response;
}

/**
 * One click per visitor, code and day. A click that arrived through a share (it names its channel)
 * earns the sharer the share-to-earn reward, at most `daily_cap` a day: only real visits pay, never
 * the share button alone.
 */
async function recordClick(
  trx: Executor,
  click: {
    merchantId: string;
    program: ProgramConfig;
    referrer: { id: string; code: string };
    visitorId: string;
    landingUrl: string | null;
    channel: string | null;
    ipHash: string | null;
    uaHash: string | null;
    fromReferrerDevice: () => Promise<boolean>;
    now: Date;
  },
) {
  const id = newId('clk', click.now.getTime());
  const inserted = await insertClickWithEvent(
    trx,
    {
      id,
      merchantId: click.merchantId,
      referralCode: click.referrer.code,
      referrerId: click.referrer.id,
      visitorId: click.visitorId,
      landingUrl: click.landingUrl,
      channel: click.channel,
      ipHash: click.ipHash,
      uaHash: click.uaHash,
      now: click.now,
    },
    {
      merchantId: click.merchantId,
      type: 'referral.clicked',
      customerId: click.referrer.id,
      data: {
        click: id,
        referrer: click.referrer.id,
        code: click.referrer.code,
        visitor: click.visitorId,
        channel: click.channel,
      },
    },
  );
  if (!inserted) return;

  const share = click.program.share_to_earn;
  if (!click.channel || !share.enabled || share.daily_cap === 0) return;
  if (await click.fromReferrerDevice()) return;
  if ((await shareRewardsToday(trx, click.referrer.id, click.now)) >= share.daily_cap) return;
  await createReward(
    trx,
    {
      merchantId: click.merchantId,
      customerId: click.referrer.id,
      source: 'share',
      value: share.reward,
      causeKey: `share:${id}`,
      holdDays: 0,
    },
    click.program,
    click.now,
  );
}
