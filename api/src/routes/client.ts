// Client routes (publishable key; what the widget calls). CORS is answered only for the merchant's
// allowed origins; bodies are JSON whatever the Content-Type (docs/client-contract.md).
import { type Context, Hono } from 'hono';
import { transact } from '../db/transaction.ts';
import type { Deps } from '../deps.ts';
import { referralUrl } from '../domain/links.ts';
import { type SessionClaims, verifySession } from '../domain/session.ts';
import { requirePublishableKey } from '../http/auth.ts';
import { clientErrorCors, clientOrigin, clientPreflight } from '../http/cors.ts';
import type { AppEnv } from '../http/env.ts';
import { ApiError } from '../http/errors.ts';
import { rateLimit } from '../http/rate-limit.ts';
import { parseBody } from '../http/validate.ts';
import {
  BootstrapResponseSchema,
  BootstrapSchema,
  ClientEventSchema,
  OfferClaimResponseSchema,
  OfferClaimSchema,
  RedeemSchema,
  ShareResponseSchema,
  ShareSchema,
} from '../schemas/client.ts';
import { RewardSchema } from '../schemas/reward.ts';
import { bootstrap, prepareBootstrap } from '../services/bootstrap.ts';
import { claimOffer, prepareOfferClaim } from '../services/offers.ts';
import { prepareRedeem, redeemPoints } from '../services/redeem.ts';
import { recordClientEvent, recordShare } from '../store/client-activity.ts';
import { findCustomerById } from '../store/customers.ts';
import { loadProgram } from '../store/programs.ts';
import { clientFeedbackDocs, postClientFeedback } from './client-feedback.ts';
import type { RouteDoc } from './docs.ts';

const doc = (
  path: string,
  summary: string,
  body: RouteDoc['body'],
  response?: RouteDoc['response'],
): RouteDoc => ({
  method: 'post',
  path: `/v1/client/${path}`,
  // bootstrap → clientBootstrap, offers/claim → clientOffersClaim
  operationId: `client${path.replace(/(^|\/)(\w)/g, (_, _slash, letter: string) => letter.toUpperCase())}`,
  summary,
  auth: 'publishable',
  tag: 'Client',
  // 403: a page origin the merchant did not allow.
  errors: [403],
  ...(body ? { body } : {}),
  ...(response ? { response } : {}),
});

export const clientDocs: RouteDoc[] = [
  doc(
    'bootstrap',
    'Visitor id, program texts, click for ?ref, friend offer, customer state and session',
    BootstrapSchema,
    BootstrapResponseSchema,
  ),
  doc('shares', 'A share URL tagged with its channel (needs the session)', ShareSchema, ShareResponseSchema),
  {
    ...doc(
      'offers/claim',
      'Claim the new-customer offer with an email: the coupon, once per inbox',
      OfferClaimSchema,
      OfferClaimResponseSchema,
    ),
    errors: [403, 409, 429],
  },
  {
    ...doc('redeem', 'Spend points on a redemption option (needs the session)', RedeemSchema, RewardSchema),
    errors: [403, 404, 409],
  },
  {
    ...doc('events', 'A purchase hint from the page (stored, never trusted)', ClientEventSchema),
    status: 202,
  },
  ...clientFeedbackDocs,
];

async function requireSession(
  c: Context<AppEnv>,
  deps: Deps,
  bodySession: string | undefined,
): Promise<SessionClaims> {
  const token = c.req.header('X-Flywheel-Session') ?? bodySession;
  const merchant = c.get('merchant');
  const claims = token
    ? await verifySession(token, merchant.settings.session_secret, deps.clock.now())
    : null;
  if (!claims || claims.merchantId !== merchant.id) {
    throw new ApiError(
      'authentication',
      'session_required',
      'This needs a signed-in shopper: bootstrap with an identity first.',
    );
  }
  return claims;
}

export function clientRouter(deps: Deps) {
  const clientIp = (c: Context<AppEnv>) => deps.config.clientIp?.(c);
  return (
    new Hono<AppEnv>()
      .use('*', clientErrorCors(), clientPreflight(deps), requirePublishableKey(deps), clientOrigin())
      .post('/bootstrap', async (c) => {
        const input = await parseBody(c, BootstrapSchema);
        const plan = await prepareBootstrap(deps, c.get('merchant'), input, {
          ip: clientIp(c),
          userAgent: c.req.header('User-Agent'),
        });
        return c.json(await transact(deps.db, (trx) => bootstrap(trx, plan)));
      })
      .post('/shares', async (c) => {
        const input = await parseBody(c, ShareSchema);
        const session = await requireSession(c, deps, input.session);
        const merchant = c.get('merchant');
        const customer = await findCustomerById(deps.db, merchant.id, session.customerId);
        if (!customer)
          throw new ApiError(
            'authentication',
            'session_required',
            'The session no longer matches a customer.',
          );
        const program = await loadProgram(deps, merchant.id);
        const now = deps.clock.now();
        await recordShare(
          deps.db,
          { merchantId: merchant.id, customerId: customer.id, channel: input.channel },
          now,
        );
        const shareUrl = referralUrl(
          customer.referral_code,
          {
            landing_url: program.landing_url,
            allowed_origins: merchant.allowed_origins,
            fallback: deps.config.publicUrl,
          },
          input.channel,
        );
        return c.json({ share_url: shareUrl });
      })
      // Each claim can spend a coupon code: 60 a minute per client IP is far above any shopper.
      .post(
        '/offers/claim',
        rateLimit(deps, { name: 'offer-claim', limit: 60, windowMs: 60_000 }),
        async (c) => {
          const input = await parseBody(c, OfferClaimSchema);
          const plan = await prepareOfferClaim(deps, c.get('merchant'), input);
          const { reward, coupon_code } = await transact(deps.db, (trx) => claimOffer(trx, plan, input));
          return c.json({ reward, coupon_code });
        },
      )
      .post(
        '/feedback',
        rateLimit(deps, { name: 'feedback', limit: 60, windowMs: 60_000 }),
        postClientFeedback(deps),
      )
      .post('/redeem', async (c) => {
        const input = await parseBody(c, RedeemSchema);
        const session = await requireSession(c, deps, input.session);
        const plan = await prepareRedeem(deps, c.get('merchant'), input.option_id, input.points);
        return c.json(await transact(deps.db, (trx) => redeemPoints(trx, plan, session.customerId)));
      })
      .post('/events', async (c) => {
        const { session: token, ...input } = await parseBody(c, ClientEventSchema);
        const merchant = c.get('merchant');
        const now = deps.clock.now();
        const claims = token ? await verifySession(token, merchant.settings.session_secret, now) : null;
        await recordClientEvent(
          deps.db,
          {
            merchantId: merchant.id,
            visitorId: input.visitor_id ?? claims?.visitorId ?? null,
            customerId: claims?.merchantId === merchant.id ? claims.customerId : null,
            type: input.type,
            payload: input,
          },
          now,
        );
        return c.json({ ok: true as const }, 202);
      })
  );
}
