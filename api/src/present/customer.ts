// Rows → API objects. The only place the wire shape of a customer or ledger entry is assembled.
import type { Customer, LedgerEntry } from '../db/schema.ts';
import { referralUrl } from '../domain/links.ts';
import { segmentOf } from '../domain/segments.ts';
import type { CustomerObject, LedgerEntryObject } from '../schemas/customer.ts';
import type { ProgramConfig } from '../schemas/program.ts';
import type { CustomerStats } from '../store/customers.ts';

export interface PresentContext {
  program: ProgramConfig;
  allowedOrigins: readonly string[];
  publicUrl: string;
  now: Date;
  topDecile: number | null;
}

export function presentCustomer(row: Customer, stats: CustomerStats, ctx: PresentContext): CustomerObject {
  return {
    id: row.id,
    object: 'customer',
    external_id: row.external_id,
    email: row.email,
    name: row.name,
    birthday: row.birthday,
    referral_code: row.referral_code,
    referral_url: referralUrl(row.referral_code, {
      landing_url: ctx.program.landing_url,
      allowed_origins: ctx.allowedOrigins,
      fallback: ctx.publicUrl,
    }),
    referred_by: row.referred_by,
    points_balance: Number(row.points_balance),
    tier: row.tier,
    segment: segmentOf(
      {
        orders_count: row.orders_count,
        total_spent: Number(row.total_spent),
        last_active_at: row.last_seen_at,
        created_at: row.created_at,
      },
      ctx.program.segments,
      ctx.now,
      ctx.topDecile,
    ),
    orders_count: row.orders_count,
    total_spent: Number(row.total_spent),
    stats,
    created_at: row.created_at,
  };
}

export function presentLedgerEntry(row: LedgerEntry): LedgerEntryObject {
  return {
    id: row.id,
    object: 'ledger_entry',
    customer: row.customer_id,
    account: row.account,
    delta: Number(row.delta),
    reason: row.reason,
    balance_after: Number(row.balance_after),
    created_at: row.created_at,
  };
}
