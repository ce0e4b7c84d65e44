// A bulk import from a merchant's previous platform: every line is read and validated on its own (a
// rejected line is reported with its number and reason, the others still go in), then the accepted
// lines are written in file order, idempotently by external_id. Without rewards they are written
// in batches of BATCH lines per transaction and credit nothing; with rewards each line goes through
// the live path (signup, then the order path with points and attribution), one transaction each.
import * as v from 'valibot';
import type { Customer } from '../db/schema.ts';
import { transact } from '../db/transaction.ts';
import type { Deps } from '../deps.ts';
import {
  CSV_COLUMNS,
  csvDefaultType,
  csvLineObject,
  csvRecords,
  type ImportFormat,
  type ImportRecord,
  ndjsonRecords,
} from '../domain/import-lines.ts';
import { findUnstorableText } from '../domain/storable-text.ts';
import { ApiError } from '../http/errors.ts';
import { unstorableParam } from '../http/storable-text.ts';
import { validationError } from '../http/validate.ts';
import {
  type ImportLine,
  ImportLineSchema,
  type ImportOrderLine,
  type ImportReport,
} from '../schemas/imports.ts';
import type { ProgramConfig } from '../schemas/program.ts';
import { existingOrders, importCustomer, importOrder } from '../store/imports.ts';
import type { AuthedMerchant } from '../store/merchants.ts';
import { loadProgram } from '../store/programs.ts';
import { prepareOrder, recordOrder } from './orders.ts';

/** Lines per transaction when nothing is credited: few round trips, short enough not to hold locks long. */
const BATCH = 100;
/** Rejected lines listed in the report (all are counted). */
export const MAX_REJECTED_LISTED = 100;

export interface ImportInput {
  format: ImportFormat;
  text: string;
  rewards: boolean;
}

type Counts = Pick<ImportReport, 'customers' | 'orders'>;
const zero = (): Counts => ({
  customers: { created: 0, updated: 0, unchanged: 0 },
  orders: { created: 0, existing: 0 },
});

function readRecords(input: ImportInput): ImportRecord[] {
  if (input.format === 'ndjson') return ndjsonRecords(input.text);
  const { columns, records } = csvRecords(input.text);
  if (columns.length === 0) {
    throw new ApiError('invalid_request', 'parameter_missing', 'The CSV file has no header row.');
  }
  const unknown = columns.find((column) => !(CSV_COLUMNS as readonly string[]).includes(column));
  if (unknown !== undefined) {
    throw new ApiError(
      'invalid_request',
      'parameter_unknown',
      `The CSV column \`${unknown}\` is not one an import knows (${CSV_COLUMNS.join(', ')}).`,
      { param: unknown },
    );
  }
  const type = csvDefaultType(columns);
  return records.map((record) =>
    record.value ? { line: record.line, value: csvLineObject(record.value, type) } : record,
  );
}

const iso = (time: string) => new Date(time).toISOString();

/** The line as the database will hold it, or the error that refuses it. */
function check(record: ImportRecord, now: Date): { line: ImportLine } | { error: ApiError } {
  if (!record.value) {
    return {
      error: new ApiError('invalid_request', 'line_unreadable', record.problem ?? 'Unreadable line.'),
    };
  }
  const unstorable = findUnstorableText(record.value);
  if (unstorable !== undefined) return { error: unstorableParam(unstorable || undefined, 'line') };
  const parsed = v.safeParse(ImportLineSchema, record.value, { abortPipeEarly: true });
  if (!parsed.success) return { error: validationError(parsed.issues) };
  const line = parsed.output;
  if (line.created_at !== undefined) {
    const at = iso(line.created_at);
    if (at > now.toISOString()) {
      return {
        error: new ApiError('invalid_request', 'parameter_invalid', '`created_at` is in the future.', {
          param: 'created_at',
        }),
      };
    }
    line.created_at = at;
  }
  return { line };
}

const customerInput = (line: ImportLine) => {
  const who = line.type === 'customer' ? line : line.customer;
  return {
    external_id: who.external_id,
    email: who.email,
    name: who.name,
    birthday: line.type === 'customer' ? line.birthday : undefined,
  };
};

function add(total: Counts, part: Counts) {
  for (const key of ['created', 'updated', 'unchanged'] as const) total.customers[key] += part.customers[key];
  for (const key of ['created', 'existing'] as const) total.orders[key] += part.orders[key];
}

export async function runImport(
  deps: Deps,
  merchant: AuthedMerchant,
  input: ImportInput,
): Promise<ImportReport> {
  const now = deps.clock.now();
  const records = readRecords(input);
  const accepted: ImportLine[] = [];
  const rejected: ImportReport['rejected'] = [];
  let rejectedCount = 0;
  for (const record of records) {
    const result = check(record, now);
    if ('line' in result) {
      accepted.push(result.line);
      continue;
    }
    rejectedCount++;
    if (rejected.length < MAX_REJECTED_LISTED) {
      const { type, code, message, param } = result.error;
      rejected.push({
        line: record.line,
        error: { type, code, message, ...(param === undefined ? {} : { param }) },
      });
    }
  }

  const counts = zero();
  const program = input.rewards ? await loadProgram(deps, merchant.id) : undefined;
  for (let start = 0; start < accepted.length; start += BATCH) {
    const batch = accepted.slice(start, start + BATCH);
    add(
      counts,
      program
        ? await writeRewarded(deps, merchant, program, batch, now)
        : await writePlain(deps, merchant.id, batch, now),
    );
  }
  return {
    object: 'import',
    format: input.format,
    rewards: input.rewards,
    lines: records.length,
    accepted: accepted.length,
    rejected_count: rejectedCount,
    ...counts,
    rejected,
  };
}

/** One transaction for the batch; the counts come out of it, so a retried attempt counts once. */
function writePlain(deps: Deps, merchantId: string, batch: ImportLine[], now: Date): Promise<Counts> {
  return transact(deps.db, async (trx) => {
    const counts = zero();
    // An order already there is left as it is, its buyer untouched: one query finds them for the batch,
    // so posting a file again costs a query per batch rather than several per line.
    const present = await existingOrders(
      trx,
      merchantId,
      batch.flatMap((line) => (line.type === 'order' ? [line.external_id] : [])),
    );
    // The batch's buyers as last written, so a customer's next order skips the lookup when it brings
    // no new field (the order's own write still locks and re-reads the row).
    const buyers = new Map<string, Customer>();
    for (const line of batch) {
      if (line.type === 'customer') {
        const { customer, outcome } = await importCustomer(
          trx,
          merchantId,
          customerInput(line),
          { since: line.created_at },
          now,
        );
        buyers.set(customer.external_id, customer);
        counts.customers[outcome]++;
        continue;
      }
      if (present.has(line.external_id)) {
        counts.orders.existing++;
        continue;
      }
      const who = line.customer;
      let buyer = buyers.get(who.external_id);
      const brings = (field: 'email' | 'name') => who[field] !== undefined && who[field] !== buyer?.[field];
      if (!buyer || brings('email') || brings('name')) {
        buyer = (await importCustomer(trx, merchantId, customerInput(line), { outcome: false }, now))
          .customer;
        buyers.set(who.external_id, buyer);
      }
      const created = await importOrder(trx, buyer, orderFields(line), now);
      if (created) present.add(line.external_id);
      counts.orders[created ? 'created' : 'existing']++;
    }
    return counts;
  });
}

const orderFields = (line: ImportOrderLine) => ({
  external_id: line.external_id,
  amount: line.amount,
  currency: line.currency,
  created_at: line.created_at,
  coupon_codes: line.coupon_codes,
  referral_code: line.referral_code,
});

/** Each line through the path a live signup or order takes, credits included. */
async function writeRewarded(
  deps: Deps,
  merchant: AuthedMerchant,
  program: ProgramConfig,
  batch: ImportLine[],
  now: Date,
): Promise<Counts> {
  const counts = zero();
  for (const line of batch) {
    if (line.type === 'customer') {
      const { outcome } = await transact(deps.db, (trx) =>
        importCustomer(
          trx,
          merchant.id,
          customerInput(line),
          { since: line.created_at, rewards: program },
          now,
        ),
      );
      counts.customers[outcome]++;
    } else {
      const prepared = await prepareOrder(
        deps,
        merchant,
        { ...orderFields(line), customer: line.customer },
        'import',
      );
      const { created } = prepared.existing ?? (await transact(deps.db, (trx) => recordOrder(trx, prepared)));
      counts.orders[created ? 'created' : 'existing']++;
    }
  }
  return counts;
}
