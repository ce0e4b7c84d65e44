// Reading referrals: by referrer and status for the list, and all of one person's for the export.
import { precompile, rowOf } from '../db/precompiled.ts';
import type { Executor, Referral } from '../db/schema.ts';
import { readJson } from '../db/schema.ts';
import type { ReferralObject } from '../schemas/referral.ts';

export async function listReferrals(
  db: Executor,
  merchantId: string,
  options: {
    referrerId?: string | undefined;
    status?: Referral['status'] | undefined;
    limit: number;
    startingAfter?: string | undefined;
  },
): Promise<{ rows: Referral[]; hasMore: boolean }> {
  let query = db.selectFrom('referrals').selectAll().where('merchant_id', '=', merchantId);
  if (options.referrerId) query = query.where('referrer_id', '=', options.referrerId);
  if (options.status) query = query.where('status', '=', options.status);
  if (options.startingAfter) query = query.where('id', '<', options.startingAfter);
  const rows = await query
    .orderBy('id', 'desc')
    .limit(options.limit + 1)
    .execute();
  return { rows: rows.slice(0, options.limit), hasMore: rows.length > options.limit };
}

export function presentReferral(row: Referral): ReferralObject {
  return {
    id: row.id,
    object: 'referral',
    referrer: row.referrer_id,
    friend: row.friend_id,
    status: row.status,
    method: row.method,
    order: row.order_id,
    reasons: readJson<string[]>(row.reasons, []),
    created_at: row.created_at,
    converted_at: row.converted_at,
  };
}

/** The friend's open referral (clicked or signed up) by this referrer, which a conversion completes. */
export async function findOpenReferral(
  db: Executor,
  merchantId: string,
  friendId: string,
  referrerId: string,
) {
  const row = await db
    .selectFrom('referrals')
    .select('id')
    .where('merchant_id', '=', merchantId)
    .where('friend_id', '=', friendId)
    .where('referrer_id', '=', referrerId)
    .where('status', 'in', ['clicked', 'signed_up'])
    .executeTakeFirst();
  return row?.id ?? null;
}

/** The referrers already refused for this friend: each is refused once. */
export async function refusedReferrers(db: Executor, friendId: string): Promise<Set<string>> {
  const rows = await db
    .selectFrom('referrals')
    .select('referrer_id')
    .where('friend_id', '=', friendId)
    .where('status', '=', 'rejected')
    .execute();
  return new Set(rows.map((r) => r.referrer_id));
}

export async function insertReferral(db: Executor, row: Referral): Promise<void> {
  await insertReferralRow.execute(db, row);
}

const REFERRAL_COLUMNS = [
  'id',
  'merchant_id',
  'referrer_id',
  'friend_id',
  'visitor_id',
  'status',
  'method',
  'order_id',
  'reasons',
  'flags',
  'created_at',
  'converted_at',
] as const;

// Every attributed order writes one: compiled once (db/precompiled.ts).
const insertReferralRow = precompile<Referral>()((db, p) =>
  db.insertInto('referrals').values(rowOf(p, REFERRAL_COLUMNS)),
);

export async function convertReferral(
  db: Executor,
  id: string,
  changes: Pick<Referral, 'status' | 'method' | 'order_id' | 'flags' | 'converted_at'>,
): Promise<void> {
  await db.updateTable('referrals').set(changes).where('id', '=', id).execute();
}
