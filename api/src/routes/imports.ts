// POST /v1/imports: customers and historical orders from a merchant's previous platform, as NDJSON or
// CSV (docs/imports.md). The body is read as text, never as JSON; each line is judged on its own and
// the answer is the report.
import { Hono } from 'hono';
import { transact } from '../db/transaction.ts';
import type { Deps } from '../deps.ts';
import type { ImportFormat } from '../domain/import-lines.ts';
import type { AppEnv } from '../http/env.ts';
import { ApiError } from '../http/errors.ts';
import { parseQuery } from '../http/validate.ts';
import { ImportQuery, ImportReportSchema } from '../schemas/imports.ts';
import {
  addCounts,
  type ImportInput,
  importBatches,
  importReport,
  orderInput,
  readImport,
  writePlainBatch,
  writeRewardedCustomer,
  zeroCounts,
} from '../services/imports.ts';
import { prepareOrder, recordOrder } from '../services/orders.ts';
import type { AuthedMerchant } from '../store/merchants.ts';
import { loadProgram } from '../store/programs.ts';
import type { RouteDoc } from './docs.ts';

const MEDIA_TYPES: Record<string, ImportFormat> = {
  'application/x-ndjson': 'ndjson',
  'text/csv': 'csv',
};

export const importDocs: RouteDoc[] = [
  {
    method: 'post',
    path: '/v1/imports',
    operationId: 'createImport',
    summary:
      'Import customers and historical orders (NDJSON or CSV, at most 1 MB); answers which lines went in and why the others did not',
    auth: 'secret',
    tag: 'Imports',
    query: ImportQuery,
    bodyMediaTypes: Object.keys(MEDIA_TYPES),
    response: ImportReportSchema,
    errors: [415],
  },
];

function formatOf(contentType: string | undefined): ImportFormat {
  const mediaType = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  const format = MEDIA_TYPES[mediaType];
  if (!format) {
    throw new ApiError(
      'invalid_request',
      'unsupported_media_type',
      `Send the lines as ${Object.keys(MEDIA_TYPES).join(' or ')} (Content-Type).`,
      { status: 415 },
    );
  }
  return format;
}

/**
 * Writes the accepted lines in file order: without rewards a batch per transaction; with rewards each
 * line on its own, through the live signup or order path.
 */
async function runImport(deps: Deps, merchant: AuthedMerchant, input: ImportInput) {
  const now = deps.clock.now();
  const read = readImport(input, now);
  const counts = zeroCounts();
  const program = input.rewards ? await loadProgram(deps, merchant.id) : undefined;
  for (const batch of importBatches(read.accepted)) {
    if (!program) {
      addCounts(counts, await transact(deps.db, (trx) => writePlainBatch(trx, merchant.id, batch, now)));
      continue;
    }
    for (const line of batch) {
      if (line.type === 'customer') {
        const outcome = await transact(deps.db, (trx) =>
          writeRewardedCustomer(trx, merchant.id, program, line, now),
        );
        counts.customers[outcome]++;
      } else {
        const prepared = await prepareOrder(deps, merchant, orderInput(line), 'import');
        const { created } =
          prepared.existing ?? (await transact(deps.db, (trx) => recordOrder(trx, prepared)));
        counts.orders[created ? 'created' : 'existing']++;
      }
    }
  }
  return importReport(input, read, counts);
}

export function importsRouter(deps: Deps) {
  return new Hono<AppEnv>().post('/', async (c) => {
    const query = parseQuery(c, ImportQuery);
    const format = formatOf(c.req.header('Content-Type'));
    const text = await c.req.text();
    if (text.trim() === '') {
      throw new ApiError(
        'invalid_request',
        'parameter_missing',
        'The request body is empty: send the lines to import.',
      );
    }
    const report = await runImport(deps, c.get('merchant'), {
      format,
      text,
      rewards: query.rewards === 'true',
    });
    return c.json(report);
  });
}
