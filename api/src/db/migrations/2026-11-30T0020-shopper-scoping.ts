// Two holes a shopper or another shop could open, closed in the schema:
// - `visitors` was keyed by its id alone, so one merchant using a visitor id first took it from every
//   other shop. A visitor is now the pair (merchant_id, id). SQLite cannot change a primary key in
//   place, so the table is rebuilt (the same way on both dialects).
// - `offer_claims.evidence_order_id`: the one order for which a claimed friend-offer coupon counted as
//   evidence of referral. Set once, by a conditional update, so twenty orders sharing one code cannot
//   all be attributed.
// Frozen once landed.
import { type Kysely, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the app's evolving types.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('visitors_scoped')
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('merchant_id', 'text', (c) => c.notNull().references('merchants.id'))
    .addColumn('customer_id', 'text', (c) => c.references('customers.id'))
    .addColumn('ip_hash', 'text')
    .addColumn('ua_hash', 'text')
    .addColumn('first_seen_at', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('visitors_merchant_visitor_pk', ['merchant_id', 'id'])
    .execute();
  await sql`insert into visitors_scoped (id, merchant_id, customer_id, ip_hash, ua_hash, first_seen_at, last_seen_at)
    select id, merchant_id, customer_id, ip_hash, ua_hash, first_seen_at, last_seen_at from visitors`.execute(
    db,
  );
  await db.schema.dropTable('visitors').execute();
  await db.schema.alterTable('visitors_scoped').renameTo('visitors').execute();
  await db.schema.createIndex('visitors_customer_idx').on('visitors').column('customer_id').execute();

  await db.schema.alterTable('offer_claims').addColumn('evidence_order_id', 'text').execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('offer_claims').dropColumn('evidence_order_id').execute();
  // Going back to globally unique ids keeps the first shop's row of any id two shops share.
  await db.schema
    .createTable('visitors_global')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('merchant_id', 'text', (c) => c.notNull().references('merchants.id'))
    .addColumn('customer_id', 'text', (c) => c.references('customers.id'))
    .addColumn('ip_hash', 'text')
    .addColumn('ua_hash', 'text')
    .addColumn('first_seen_at', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .execute();
  await sql`insert into visitors_global (id, merchant_id, customer_id, ip_hash, ua_hash, first_seen_at, last_seen_at)
    select id, merchant_id, customer_id, ip_hash, ua_hash, first_seen_at, last_seen_at from visitors v
    where not exists (select 1 from visitors o where o.id = v.id
      and (o.first_seen_at < v.first_seen_at or (o.first_seen_at = v.first_seen_at and o.merchant_id < v.merchant_id)))`.execute(
    db,
  );
  await db.schema.dropTable('visitors').execute();
  await db.schema.alterTable('visitors_global').renameTo('visitors').execute();
  await db.schema.createIndex('visitors_customer_idx').on('visitors').column('customer_id').execute();
}
