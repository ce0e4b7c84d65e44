// What a verified platform webhook asks of Flywheel, decided from its payload alone (no database):
// each platform's mapping turns its own shape into one of these, the route carries it out.

export type PlatformAction =
  /** `order` is validated against OrderCreateSchema before it is recorded. */
  | { kind: 'record_order'; order: Record<string, unknown>; paymentRef?: string }
  /**
   * `amount` undefined refunds the rest of the order. `refundId` is the platform's id of the refund:
   * one refund is applied once, however many event ids it is delivered under.
   */
  | { kind: 'refund'; orderExternalId: string; amount?: number; refundId?: string }
  /** Stripe: the order is found through its payment; `amountRefunded` is cumulative, as Stripe sends it. */
  | { kind: 'refund_payment'; paymentRef: string; amountRefunded: number; full: boolean }
  | { kind: 'ignore'; reason: string };

export type Json = Record<string, unknown>;

export const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/** A non-empty string form of an id (platform ids are numbers or strings), or undefined. */
export function idString(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value) && value !== 0) return String(value);
  if (typeof value === 'string' && value.trim() !== '' && value.trim() !== '0') return value.trim();
  return undefined;
}

export function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** A platform timestamp as ISO 8601 UTC, or undefined when it is missing or unparseable. */
export function isoTime(value: unknown, assumeUtc = false): string | undefined {
  const raw = text(value);
  if (!raw) return undefined;
  const withZone = assumeUtc && !/(Z|[+-]\d\d:?\d\d)$/i.test(raw) ? `${raw}Z` : raw;
  const time = new Date(withZone);
  return Number.isNaN(time.getTime()) ? undefined : time.toISOString();
}

export function fullName(first: unknown, last: unknown): string | undefined {
  const name = [text(first), text(last)].filter(Boolean).join(' ');
  return name === '' ? undefined : name;
}

/** Drops undefined fields: the order schema treats a present `undefined` as a value. */
export function compact(record: Json): Json {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined));
}

/**
 * JSON.parse, except that integers beyond 2^53 become strings instead of silently losing digits.
 * Shopify ids (820982911946154508) are such numbers; rounded, they would name another order.
 */
export function parseJsonKeepingBigIntegers(body: string): unknown {
  let out = '';
  let inString = false;
  let last = 0;
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') {
      inString = true;
      continue;
    }
    if ((ch === '-' || (ch >= '0' && ch <= '9')) && !/[\w.]/.test(body[i - 1] ?? '')) {
      let end = i + 1;
      while (end < body.length && body[end]! >= '0' && body[end]! <= '9') end++;
      const next = body[end] ?? '';
      const digits = body.slice(i, end);
      if (next !== '.' && next !== 'e' && next !== 'E' && !Number.isSafeInteger(Number(digits))) {
        out += `${body.slice(last, i)}"${digits}"`;
        last = end;
      }
      i = end - 1;
    }
  }
  return JSON.parse(out + body.slice(last));
}
