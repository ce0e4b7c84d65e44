// Minor units per currency: most have 2 decimals; these have none (ISO 4217), a few have 3.
const ZERO_DECIMAL = new Set([
  'BIF',
  'CLP',
  'DJF',
  'GNF',
  'ISK',
  'JPY',
  'KMF',
  'KRW',
  'PYG',
  'RWF',
  'UGX',
  'UYI',
  'VND',
  'VUV',
  'XAF',
  'XOF',
  'XPF',
]);
const THREE_DECIMAL = new Set(['BHD', 'IQD', 'JOD', 'KWD', 'LYD', 'OMR', 'TND']);

export function minorUnitsPerUnit(currency: string): number {
  if (ZERO_DECIMAL.has(currency)) return 1;
  if (THREE_DECIMAL.has(currency)) return 1000;
  return 100;
}

/** "49.99" → 4999 (for platform payloads that send decimal strings). */
export function decimalToMinor(value: string | number, currency: string): number {
  const factor = minorUnitsPerUnit(currency);
  return Math.round(Number(value) * factor);
}
