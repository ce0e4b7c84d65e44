// The feedback answers as a CSV file for a spreadsheet (RFC 4180 quoting).
import type { FeedbackObject } from '../../src/schemas/feedback.ts';

const COLUMNS = [
  'created_at',
  'order_id',
  'customer',
  'score',
  'segment',
  'referred',
  'liked_most',
  'liked_least',
  'suggestion',
  'locale',
] as const;

/**
 * A cell, quoted when it holds a comma, quote or line break. Shoppers wrote these texts: one starting
 * with = + - @ would run as a formula in a spreadsheet, so it gets a leading apostrophe.
 */
export function csvCell(value: unknown): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function feedbackCsv(answers: readonly FeedbackObject[]): string {
  const rows = answers.map((answer) => COLUMNS.map((column) => csvCell(answer[column])).join(','));
  return `${[COLUMNS.join(','), ...rows].join('\r\n')}\r\n`;
}
