// An import file as numbered records, before any validation: NDJSON (one JSON object per line) or CSV
// (RFC 4180: a header row naming the columns; a quoted field may hold commas, doubled quotes and line
// breaks). Pure: no SQL, no Hono. A line that cannot be read becomes a record with a `problem`, so the
// report names it and the other lines still go in.

export type ImportFormat = 'ndjson' | 'csv';

export interface ImportRecord {
  /** 1-based line of the file where the record starts (in CSV the header is line 1). */
  line: number;
  value?: Record<string, unknown>;
  problem?: string;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** One record per non-blank line; blank lines are skipped but still counted in line numbers. */
export function ndjsonRecords(text: string): ImportRecord[] {
  const records: ImportRecord[] = [];
  text.split(/\r\n|\n|\r/).forEach((raw, index) => {
    if (raw.trim() === '') return;
    const line = index + 1;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      records.push({ line, problem: 'The line is not valid JSON.' });
      return;
    }
    records.push(isObject(value) ? { line, value } : { line, problem: 'The line is not a JSON object.' });
  });
  return records;
}

interface CsvRow {
  line: number;
  cells: string[];
  unterminated?: boolean;
}

/** The rows of a CSV text with the line each starts on; a row of one empty cell (a blank line) is dropped. */
export function csvRows(text: string): CsvRow[] {
  const rows: CsvRow[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  const endRow = () => {
    cells.push(cell);
    if (cells.length > 1 || cell !== '') rows.push({ line: rowLine, cells });
    cells = [];
    cell = '';
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') {
        quoted = false;
      } else {
        if (ch === '\n' || (ch === '\r' && text[i + 1] !== '\n')) line++;
        cell += ch;
      }
    } else if (ch === '"' && cell === '') {
      quoted = true;
    } else if (ch === ',') {
      cells.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      endRow();
      line++;
      rowLine = line;
    } else {
      cell += ch;
    }
  }
  if (quoted) rows.push({ line: rowLine, cells: [...cells, cell], unterminated: true });
  else endRow();
  return rows;
}

/**
 * CSV rows as records keyed by the header's column names (trimmed, lower-cased). Empty cells are left
 * out, so they read as absent fields. Typing the cells (numbers, lists) is the schema's business.
 */
export function csvRecords(text: string): { columns: string[]; records: ImportRecord[] } {
  const [header, ...rows] = csvRows(text.replace(/^\uFEFF/, ''));
  if (!header) return { columns: [], records: [] };
  const columns = header.cells.map((name) => name.trim().toLowerCase());
  const records = rows.map((row): ImportRecord => {
    if (row.unterminated) return { line: row.line, problem: 'A quoted field is not closed.' };
    if (row.cells.length !== columns.length) {
      return {
        line: row.line,
        problem: `The row has ${row.cells.length} fields where the header names ${columns.length}.`,
      };
    }
    const value: Record<string, unknown> = {};
    columns.forEach((column, index) => {
      const cell = row.cells[index] as string;
      if (cell.trim() !== '') value[column] = cell;
    });
    return { line: row.line, value };
  });
  return { columns, records };
}

/** The columns a CSV import may have; `type` may be left out (see `csvDefaultType`). */
export const CSV_COLUMNS = [
  'type',
  'external_id',
  'customer_external_id',
  'email',
  'name',
  'birthday',
  'amount',
  'currency',
  'created_at',
  'coupon_codes',
  'referral_code',
] as const;

/** Without a `type` column, a file whose header names `amount` holds orders, any other customers. */
export function csvDefaultType(columns: string[]): 'customer' | 'order' {
  return columns.includes('amount') ? 'order' : 'customer';
}

/**
 * A CSV row in the shape of an NDJSON line, so one schema validates both: an order's customer columns
 * (`customer_external_id`, `email`, `name`) become its `customer`, `amount` a number when it is one,
 * `coupon_codes` a list split at `;`. Anything else passes as written, for the schema to judge.
 */
export function csvLineObject(
  cells: Record<string, unknown>,
  defaultType: 'customer' | 'order',
): Record<string, unknown> {
  const { type = defaultType, ...rest } = cells;
  if (type !== 'order') return { type, ...rest };
  const { customer_external_id, email, name, amount, coupon_codes, ...order } = rest;
  const customer: Record<string, unknown> = { external_id: customer_external_id };
  if (email !== undefined) customer.email = email;
  if (name !== undefined) customer.name = name;
  const line: Record<string, unknown> = { type, ...order, customer };
  if (amount !== undefined)
    line.amount = typeof amount === 'string' && /^\s*\d+\s*$/.test(amount) ? Number(amount) : amount;
  if (typeof coupon_codes === 'string') {
    line.coupon_codes = coupon_codes
      .split(';')
      .map((code) => code.trim())
      .filter(Boolean);
  }
  return line;
}
