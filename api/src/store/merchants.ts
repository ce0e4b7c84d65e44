// Merchants and their API keys. Secret keys are stored only as SHA-256 hashes and shown once.
import { sha256Hex } from '../crypto.ts';
import type { Executor, Merchant } from '../db/schema.ts';
import { readJson } from '../db/schema.ts';
import { newId, randomChars } from '../ids.ts';
import { defaultProgram } from '../schemas/program.ts';

const KEY_ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

export interface MerchantSettings {
  /** Signs shopper session tokens; never leaves the server. */
  session_secret: string;
  /** Only for the demo merchant, so `npm start` can print its secret key again on every start. */
  demo_secret_key?: string;
}

export interface AuthedMerchant {
  id: string;
  name: string;
  allowed_origins: string[];
  settings: MerchantSettings;
  created_at: string;
}

export interface CreatedMerchant extends AuthedMerchant {
  publishable_key: string;
  secret_key: string;
}

export function toAuthedMerchant(row: Merchant): AuthedMerchant {
  return {
    id: row.id,
    name: row.name,
    allowed_origins: readJson<string[]>(row.allowed_origins, []),
    settings: readJson<MerchantSettings>(row.settings, { session_secret: '' }),
    created_at: row.created_at,
  };
}

export async function createMerchant(
  db: Executor,
  input: { name: string; allowed_origins: string[]; demo?: boolean },
  now: Date,
): Promise<CreatedMerchant> {
  const created_at = now.toISOString();
  const id = newId('mer', now.getTime());
  const publishable_key = `pk_${randomChars(32, KEY_ALPHABET)}`;
  // Longer than SHA-256's 64-byte block on purpose: HMAC then keys itself with SHA-256(key) (RFC 2104),
  // so the stored hash alone verifies identity signatures made with the secret key, and the key
  // itself is never stored.
  const secret_key = `sk_${randomChars(64, KEY_ALPHABET)}`;
  const settings: MerchantSettings = {
    session_secret: randomChars(48, KEY_ALPHABET),
    ...(input.demo ? { demo_secret_key: secret_key } : {}),
  };
  await db
    .insertInto('merchants')
    .values({
      id,
      name: input.name,
      allowed_origins: JSON.stringify(input.allowed_origins),
      settings: JSON.stringify(settings),
      created_at,
    })
    .execute();
  await db
    .insertInto('api_keys')
    .values([
      {
        id: newId('key'),
        merchant_id: id,
        kind: 'publishable',
        token: publishable_key,
        last4: publishable_key.slice(-4),
        created_at,
        revoked_at: null,
      },
      {
        id: newId('key'),
        merchant_id: id,
        kind: 'secret',
        token: await sha256Hex(secret_key),
        last4: secret_key.slice(-4),
        created_at,
        revoked_at: null,
      },
    ])
    .execute();
  await db
    .insertInto('programs')
    .values({ merchant_id: id, config: JSON.stringify(defaultProgram()), updated_at: created_at })
    .execute();
  return {
    id,
    name: input.name,
    allowed_origins: input.allowed_origins,
    settings,
    created_at,
    publishable_key,
    secret_key,
  };
}

export async function findMerchantByKey(
  db: Executor,
  kind: 'publishable' | 'secret',
  key: string,
): Promise<AuthedMerchant | undefined> {
  const token = kind === 'secret' ? await sha256Hex(key) : key;
  const row = await db
    .selectFrom('api_keys')
    .innerJoin('merchants', 'merchants.id', 'api_keys.merchant_id')
    .selectAll('merchants')
    .where('api_keys.token', '=', token)
    .where('api_keys.kind', '=', kind)
    .where('api_keys.revoked_at', 'is', null)
    .executeTakeFirst();
  return row ? toAuthedMerchant(row) : undefined;
}

export async function findMerchantById(db: Executor, id: string): Promise<AuthedMerchant | undefined> {
  const row = await db.selectFrom('merchants').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toAuthedMerchant(row) : undefined;
}

/** SHA-256 hashes of the merchant's live secret keys: the HMAC keys for identity signatures. */
export async function secretKeyHashes(db: Executor, merchantId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('api_keys')
    .select('token')
    .where('merchant_id', '=', merchantId)
    .where('kind', '=', 'secret')
    .where('revoked_at', 'is', null)
    .execute();
  return rows.map((r) => r.token);
}

export async function findPublishableKey(db: Executor, merchantId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('api_keys')
    .select('token')
    .where('merchant_id', '=', merchantId)
    .where('kind', '=', 'publishable')
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return row?.token;
}
