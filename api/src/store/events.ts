// The outbox: every change writes its event in the same transaction, so an event exists exactly when
// the change it describes does. Delivery (jobs/) reads from here.
import type { CompiledQuery } from 'kysely';
import { precompile, precompileRows, rowOf } from '../db/precompiled.ts';
import type { Executor } from '../db/schema.ts';
import { newId } from '../ids.ts';

export const EVENT_TYPES = [
  'customer.created',
  'customer.deleted',
  'referral.clicked',
  'referral.converted',
  'referral.rejected',
  'reward.created',
  'reward.issued',
  'reward.voided',
  'points.changed',
  'offer.claimed',
  'order.attributed',
  'feedback.submitted',
  'experiment.created',
  'experiment.started',
  'experiment.stopped',
  'experiment.promoted',
  'automation.fired',
  'tier.changed',
  'alert.triggered',
  'alert.resolved',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export interface NewEvent {
  merchantId: string;
  type: EventType;
  data: unknown;
  customerId?: string | null;
}

export async function recordEvent(db: Executor, event: NewEvent, now: Date): Promise<string> {
  const row = eventRowOf(event, now);
  await insertEvent(db, row);
  return row.id;
}

/** Writes one event row built by `eventRowOf`. */
export async function insertEvent(db: Executor, row: EventRow): Promise<void> {
  await insertOneEvent.execute(db, row);
}

export type EventRow = ReturnType<typeof eventRows>[number];

/** One event's row, for a store that writes it in a statement of its own (store/clicks.ts). */
export function eventRowOf(event: NewEvent, now: Date): EventRow {
  return eventRows([{ event, now }])[0]!;
}

const EVENT_COLUMNS = ['id', 'merchant_id', 'type', 'customer_id', 'data', 'created_at'] as const;

// A click writes one event, an order seven to nine in one insert: compiled once per row count
// (db/precompiled.ts).
const insertOneEvent = precompile<EventRow>()((db, p) =>
  db.insertInto('events').values(rowOf(p, EVENT_COLUMNS)),
);
const insertEventRows = precompileRows<EventRow>()((db, rows) =>
  db.insertInto('events').values(rows.map((row) => rowOf(row, EVENT_COLUMNS))),
);

/**
 * Events collected while a use case decides, written together in one multi-row insert: a first
 * order announces seven to nine changes, and one statement carries them all. Ids are drawn as each
 * event is added, so their order is the order the changes happened.
 */
export class EventBatch {
  private readonly pending: { event: NewEvent; now: Date; id: string }[] = [];

  add(event: NewEvent, now: Date): string {
    const id = newId('evt', now.getTime());
    this.pending.push({ event, now, id });
    return id;
  }

  async write(db: Executor): Promise<void> {
    const write = this.take(db);
    if (write) await db.executeQuery(write);
  }

  /** The insert of the events added since the last write, to send with others (db/together.ts). */
  take(db: Executor): CompiledQuery | null {
    if (this.pending.length === 0) return null;
    const rows = eventRows(this.pending);
    this.pending.length = 0;
    return insertEventRows.bind(db, rows);
  }
}

function eventRows(events: { event: NewEvent; now: Date; id?: string }[]) {
  return events.map(({ event, now, id }) => ({
    id: id ?? newId('evt', now.getTime()),
    merchant_id: event.merchantId,
    type: event.type,
    customer_id: event.customerId ?? null,
    data: JSON.stringify(event.data),
    created_at: now.toISOString(),
  }));
}
