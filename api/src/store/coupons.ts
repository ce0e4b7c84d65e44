// Coupon codes: merchant-uploaded pools first, generated codes when a pool is empty. A code is issued
// at most once: the unique (merchant, code) key and `issued_at` guard it.
import { lockRows } from '../db/dialect.ts';
import { precompile } from '../db/precompiled.ts';
import type { Executor } from '../db/schema.ts';
import { CODE_ALPHABET } from '../domain/referral-code.ts';
import { newId, randomChars } from '../ids.ts';

/** Which pool serves a reward: `referrer`, `friend`, `new_customer_offer`, `redemption:<option>`, … */
export type CouponPool = string;

export async function addCodesToPool(
  db: Executor,
  merchantId: string,
  pool: CouponPool,
  codes: string[],
  now: Date,
): Promise<{ added: number; duplicates: number }> {
  const unique = [...new Set(codes.map((c) => c.trim()).filter(Boolean))];
  let added = 0;
  // Chunks keep each statement under SQLite's bound-parameter limit.
  for (let i = 0; i < unique.length; i += 200) {
    const chunk = unique.slice(i, i + 200);
    const result = await db
      .insertInto('coupon_codes')
      .values(
        chunk.map((code) => ({
          id: newId('cpn', now.getTime()),
          merchant_id: merchantId,
          pool,
          code,
          origin: 'uploaded' as const,
          reward_id: null,
          issued_at: null,
          revoked_at: null,
          redeemed_at: null,
          created_at: now.toISOString(),
        })),
      )
      .onConflict((oc) => oc.columns(['merchant_id', 'code']).doNothing())
      .executeTakeFirst();
    added += Number(result.numInsertedOrUpdatedRows ?? 0);
  }
  return { added, duplicates: codes.length - added };
}

export async function poolCounts(db: Executor, merchantId: string, pool?: string) {
  let query = db
    .selectFrom('coupon_codes')
    .select((eb) => [
      'pool',
      eb.fn.countAll<number>().as('total'),
      eb.fn.count<number>('issued_at').as('issued'),
      eb.fn.count<number>('redeemed_at').as('redeemed'),
    ])
    .where('merchant_id', '=', merchantId)
    .where('origin', '=', 'uploaded')
    .groupBy('pool')
    .orderBy('pool');
  if (pool) query = query.where('pool', '=', pool);
  const rows = await query.execute();
  return rows.map((r) => ({
    pool: r.pool,
    total: Number(r.total),
    issued: Number(r.issued),
    redeemed: Number(r.redeemed),
    available: Number(r.total) - Number(r.issued),
  }));
}

/**
 * Issues one code for a reward: the oldest free code of the pool, or a freshly generated one.
 * On PostgreSQL the row is locked with SKIP LOCKED, so concurrent issuers never take the same code.
 */
export async function issueCoupon(
  db: Executor,
  merchantId: string,
  pool: CouponPool,
  prefix: string,
  rewardId: string | null,
  now: Date,
): Promise<string> {
  // Most pools hold no uploaded codes: the generated code goes in at once, in the statement that
  // checks there is no free code to hand out instead. When there is one (or the new code collided),
  // nothing was written and the draw goes the long way.
  const code = generatedCode(prefix, 0);
  const at = now.toISOString();
  const id = newId('cpn', now.getTime());
  if ((await insertUnlessFree.affected(db, { id, merchantId, pool, code, rewardId, at })) === 1) return code;
  const free = await freeCode.first(db, { merchantId, pool });
  if (free) {
    const taken = await takeCode.affected(db, { id: free.id, at: now.toISOString(), rewardId });
    if (taken === 1) return free.code;
  }
  return generateCoupon(db, merchantId, pool, prefix, rewardId, now);
}

async function generateCoupon(
  db: Executor,
  merchantId: string,
  pool: CouponPool,
  prefix: string,
  rewardId: string | null,
  now: Date,
): Promise<string> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const code = generatedCode(prefix, attempt);
    const at = now.toISOString();
    const inserted = await insertGenerated.affected(db, {
      id: newId('cpn', now.getTime()),
      merchantId,
      pool,
      code,
      rewardId,
      at,
    });
    if (inserted === 1) return code;
  }
  throw new Error('could not generate a unique coupon code');
}

const generatedCode = (prefix: string, attempt: number) =>
  `${prefix}-${randomChars(6 + attempt, CODE_ALPHABET)}`;

interface GeneratedCode {
  id: string;
  merchantId: string;
  pool: string;
  code: string;
  rewardId: string | null;
  at: string;
}

// A reward paid in a coupon sends these (an attributed first order: twice): compiled once per
// database and dialect (db/precompiled.ts; the lock clause is PostgreSQL's alone).
const freeCode = precompile<{ merchantId: string; pool: string }>()((db, p) =>
  lockRows(
    db,
    db
      .selectFrom('coupon_codes')
      .select(['id', 'code'])
      .where('merchant_id', '=', p.merchantId)
      .where('pool', '=', p.pool)
      .where('issued_at', 'is', null)
      .where('origin', '=', 'uploaded')
      .orderBy('id')
      .limit(1),
    { skipLocked: true },
  ),
);

const takeCode = precompile<{ id: string; at: string; rewardId: string | null }>()((db, p) =>
  db
    .updateTable('coupon_codes')
    .set({ issued_at: p.at, reward_id: p.rewardId })
    .where('id', '=', p.id)
    .where('issued_at', 'is', null),
);

const insertUnlessFree = precompile<GeneratedCode>()((db, p) =>
  db
    .insertInto('coupon_codes')
    .columns([
      'id',
      'merchant_id',
      'pool',
      'code',
      'origin',
      'reward_id',
      'issued_at',
      'revoked_at',
      'redeemed_at',
      'created_at',
    ])
    .expression(
      db
        .selectNoFrom((eb) => [
          eb.val(p.id).as('id'),
          eb.val(p.merchantId).as('merchant_id'),
          eb.val(p.pool).as('pool'),
          eb.val(p.code).as('code'),
          eb.val('generated').as('origin'),
          eb.val(p.rewardId).as('reward_id'),
          eb.val(p.at).as('issued_at'),
          eb.lit(null).as('revoked_at'),
          eb.lit(null).as('redeemed_at'),
          eb.val(p.at).as('created_at'),
        ])
        .where(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom('coupon_codes')
                .select('id')
                .where('merchant_id', '=', p.merchantId)
                .where('pool', '=', p.pool)
                .where('issued_at', 'is', null)
                .where('origin', '=', 'uploaded'),
            ),
          ),
        ),
    )
    .onConflict((oc) => oc.columns(['merchant_id', 'code']).doNothing()),
);

const insertGenerated = precompile<GeneratedCode>()((db, p) =>
  db
    .insertInto('coupon_codes')
    .values({
      id: p.id,
      merchant_id: p.merchantId,
      pool: p.pool,
      code: p.code,
      origin: 'generated',
      reward_id: p.rewardId,
      issued_at: p.at,
      revoked_at: null,
      redeemed_at: null,
      created_at: p.at,
    })
    .onConflict((oc) => oc.columns(['merchant_id', 'code']).doNothing()),
);

export async function findCoupons(db: Executor, merchantId: string, codes: readonly string[]) {
  if (codes.length === 0) return [];
  return db
    .selectFrom('coupon_codes')
    .selectAll()
    .where('merchant_id', '=', merchantId)
    .where('code', 'in', [...codes])
    .execute();
}

export async function revokeCoupon(db: Executor, merchantId: string, code: string, now: Date) {
  await db
    .updateTable('coupon_codes')
    .set({ revoked_at: now.toISOString() })
    .where('merchant_id', '=', merchantId)
    .where('code', '=', code)
    .where('redeemed_at', 'is', null)
    .execute();
}
