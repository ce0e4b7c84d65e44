// POST /v1/client/bootstrap — the one request the widget makes on every page view: the visitor id,
// the program's shopper-facing parts, a recorded click for `?ref=`, the friend offer, and for a
// signed identity the customer state and a session token.
import type { Executor } from '../db/schema.ts';
import { transact } from '../db/transaction.ts';
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
import { findCustomerByCode } from '../store/customers.ts';
import { recordEvent } from '../store/events.ts';
import { type AuthedMerchant, secretKeyHashes } from '../store/merchants.ts';
import { loadProgram } from '../store/programs.ts';
import { createReward } from '../store/rewards.ts';
import { signUpCustomer } from '../store/sign-up.ts';
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

export async function bootstrap(
  deps: Deps,
  merchant: AuthedMerchant,
  input: BootstrapInput,
  device: { ip: string | undefined; userAgent: string | undefined },
): Promise<BootstrapResponse> {
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

  return transact(deps.db, async (trx) => {
    const visitor = await touchVisitor(trx, merchant.id, input.visitor_id, { ipHash, uaHash }, now);
    const visitorId = visitor.id;

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
      await trx
        .updateTable('visitors')
        .set({ customer_id: customer.id })
        .where('merchant_id', '=', merchant.id)
        .where('id', '=', visitorId)
        .execute();
      await trx
        .updateTable('customers')
        .set({ last_seen_at: now.toISOString() })
        .where('id', '=', customer.id)
        .execute();
    }

    let friendOffer: BootstrapResponse['friend_offer'] = null;
    const code = input.ref ? normalizeReferralCode(input.ref) : '';
    const referrer =
      code && program.referral.enabled ? await findCustomerByCode(trx, merchant.id, code) : undefined;
    const visitorIsReferrer =
      referrer && (customer?.id === referrer.id || visitor.customerId === referrer.id);
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
        fromReferrerDevice: await deviceBelongsTo(trx, merchant.id, { ipHash, uaHash }, referrer.id),
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
      const fresh = await trx
        .selectFrom('customers')
        .selectAll()
        .where('id', '=', customer.id)
        .executeTakeFirstOrThrow();
      response.customer = await customerState(trx, merchant, shownProgram, fresh, deps.config.publicUrl);
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
    const numberFormat = numberFormatFor(input.locale, currenciesIn(response));
    if (numberFormat) response.number_format = numberFormat;
    return response;
  });
}

/**
 * Visitor ids are scoped to the merchant: a shop passing its own first-party id can never take (or
 * be refused) an id another shop happens to use. Answers the customer the visitor was last tied
 * to (before this request's sign-in, if any), read in the same statement as the write.
 */
async function touchVisitor(
  trx: Executor,
  merchantId: string,
  requested: string | null | undefined,
  hashes: { ipHash: string | null; uaHash: string | null },
  now: Date,
): Promise<{ id: string; customerId: string | null }> {
  const at = now.toISOString();
  const id = requested && VISITOR_ID.test(requested) ? requested : newId('vis', now.getTime());
  const row = await trx
    .insertInto('visitors')
    .values({
      id,
      merchant_id: merchantId,
      customer_id: null,
      ip_hash: hashes.ipHash,
      ua_hash: hashes.uaHash,
      first_seen_at: at,
      last_seen_at: at,
    })
    .onConflict((oc) =>
      oc
        .columns(['merchant_id', 'id'])
        .doUpdateSet({ last_seen_at: at, ip_hash: hashes.ipHash, ua_hash: hashes.uaHash }),
    )
    .returning('customer_id')
    .executeTakeFirstOrThrow();
  return { id, customerId: row.customer_id };
}

/** Whether this customer has been seen on this device (the same salted IP and user-agent hashes). */
async function deviceBelongsTo(
  trx: Executor,
  merchantId: string,
  device: { ipHash: string | null; uaHash: string | null },
  customerId: string,
): Promise<boolean> {
  if (!device.ipHash || !device.uaHash) return false;
  const row = await trx
    .selectFrom('visitors')
    .select('id')
    .where('merchant_id', '=', merchantId)
    .where('customer_id', '=', customerId)
    .where('ip_hash', '=', device.ipHash)
    .where('ua_hash', '=', device.uaHash)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
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
    fromReferrerDevice: boolean;
    now: Date;
  },
) {
  const id = newId('clk', click.now.getTime());
  const day = click.now.toISOString().slice(0, 10);
  const inserted = await trx
    .insertInto('clicks')
    .values({
      id,
      merchant_id: click.merchantId,
      referral_code: click.referrer.code,
      referrer_id: click.referrer.id,
      visitor_id: click.visitorId,
      landing_url: click.landingUrl,
      channel: click.channel,
      ip_hash: click.ipHash,
      ua_hash: click.uaHash,
      day,
      created_at: click.now.toISOString(),
    })
    .onConflict((oc) => oc.columns(['merchant_id', 'visitor_id', 'referral_code', 'day']).doNothing())
    .executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) return;
  await recordEvent(
    trx,
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
    click.now,
  );

  const share = click.program.share_to_earn;
  if (!click.channel || click.fromReferrerDevice || !share.enabled || share.daily_cap === 0) return;
  const today = await trx
    .selectFrom('rewards')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('customer_id', '=', click.referrer.id)
    .where('source', '=', 'share')
    .where('created_at', '>=', `${day}T00:00:00.000Z`)
    .executeTakeFirstOrThrow();
  if (Number(today.n) >= share.daily_cap) return;
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
