// A bulk import from a merchant's previous platform: every line is read and validated on its own (a
// rejected line is reported with its number and reason, the others still go in), then the accepted
// lines are written in file order, idempotently by external_id. Without rewards they are written
// in batches of BATCH lines per transaction and credit nothing; with rewards each line goes through
// the live path (signup, then the order path with points and attribution), one transaction each.
// The entry (routes/imports.ts) opens those transactions; these functions run inside them.
import * as v from 'valibot';
import type { Customer, Executor } from '../db/schema.ts';
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
  type ImportCustomerLine,
  type ImportLine,
  ImportLineSchema,
  type ImportOrderLine,
  type ImportReport,
} from '../schemas/imports.ts';
import type { ProgramConfig } from '../schemas/program.ts';
import { type CustomerOutcome, existingOrders, importCustomer, importOrder } from '../store/imports.ts';

/** Lines per transaction when nothing is credited: few round trips, short enough not to hold locks long. */
const BATCH = 100;
/** Rejected lines listed in the report (all are counted). */
export const MAX_REJECTED_LISTED = 100;

export interface ImportInput {
  format: ImportFormat;
  text: string;
  rewards: boolean;
}

export type Counts = Pick<ImportReport, 'customers' | 'orders'>;
export const zeroCounts = (): Counts => ({
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

export function addCounts(total: Counts, part: Counts) {
  for (const key of ['created', 'updated', 'unchanged'] as const) total.customers[key] += part.customers[key];
  for (const key of ['created', 'existing'] as const) total.orders[key] += part.orders[key];
}

/** The file read and judged line by line: the lines that go in, and the refusals the report lists. */
export interface ReadImport {
  lines: number;
  accepted: ImportLine[];
  rejected: ImportReport['rejected'];
  rejectedCount: number;
}

export function readImport(input: ImportInput, now: Date): ReadImport {
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
  return { lines: records.length, accepted, rejected, rejectedCount };
}

/** The accepted lines in file order, BATCH at a time: one transaction each when nothing is credited. */
export function importBatches(accepted: ImportLine[]): ImportLine[][] {
  const batches: ImportLine[][] = [];
  for (let start = 0; start < accepted.length; start += BATCH)
    batches.push(accepted.slice(start, start + BATCH));
  return batches;
}

export function importReport(input: ImportInput, read: ReadImport, counts: Counts): ImportReport {
  return {
    object: 'import',
    format: input.format,
    rewards: input.rewards,
    lines: read.lines,
    accepted: read.accepted.length,
    rejected_count: read.rejectedCount,
    ...counts,
    rejected: read.rejected,
  };
}

/**
 * A batch without rewards, in the caller's transaction; the counts come out of it, so a retried
 * attempt counts once.
 */
export async function writePlainBatch(
  trx: Executor,
  merchantId: string,
  batch: ImportLine[],
  now: Date,
): Promise<Counts> {
  const counts = zeroCounts();
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
      buyer = (await importCustomer(trx, merchantId, customerInput(line), { outcome: false }, now)).customer;
      buyers.set(who.external_id, buyer);
    }
    const created = await importOrder(trx, buyer, orderFields(line), now);
    if (created) present.add(line.external_id);
    counts.orders[created ? 'created' : 'existing']++;
  }
  return counts;
}

const orderFields = (line: ImportOrderLine) => ({
  external_id: line.external_id,
  amount: line.amount,
  currency: line.currency,
  created_at: line.created_at,
  coupon_codes: line.coupon_codes,
  referral_code: line.referral_code,
});

/** A customer line through the path a live signup takes, credits included, in the caller's transaction. */
export async function writeRewardedCustomer(
  trx: Executor,
  merchantId: string,
  program: ProgramConfig,
  line: ImportCustomerLine,
  now: Date,
): Promise<CustomerOutcome> {
  const { outcome } = await importCustomer(
    trx,
    merchantId,
    customerInput(line),
    { since: line.created_at, rewards: program },
    now,
  );
  return outcome;
}

/** An order line as the live order path takes it. */
export const orderInput = (line: ImportOrderLine) => ({ ...orderFields(line), customer: line.customer });
