// KPI alert episodes and their events: opening and closing one writes its event in the same transaction.
import type { AlertEpisodeTable, Executor } from '../db/schema.ts';
import { type AlertRule, alertKey } from '../domain/alerts.ts';
import { newId } from '../ids.ts';
import { recordEvent } from './events.ts';

export type AlertEpisode = AlertEpisodeTable;

export async function openEpisodes(db: Executor, merchantId: string): Promise<AlertEpisode[]> {
  return db
    .selectFrom('alert_episodes')
    .selectAll()
    .where('merchant_id', '=', merchantId)
    .where('resolved_at', 'is', null)
    .execute();
}

/** Opens an episode for `rule`, unless this day's evaluation already did; true when it was opened. */
export async function triggerEpisode(
  trx: Executor,
  merchantId: string,
  rule: AlertRule,
  day: string,
  values: (number | null)[],
  now: Date,
): Promise<boolean> {
  const id = newId('alr', now.getTime());
  const inserted = await trx
    .insertInto('alert_episodes')
    .values({
      id,
      merchant_id: merchantId,
      alert_key: alertKey(rule),
      metric: rule.metric,
      op: rule.op,
      threshold: rule.value,
      days: rule.days,
      triggered_day: day,
      triggered_at: now.toISOString(),
      resolved_day: null,
      resolved_at: null,
    })
    .onConflict((oc) => oc.columns(['merchant_id', 'alert_key', 'triggered_day']).doNothing())
    .executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) return false;
  await recordEvent(
    trx,
    { merchantId, type: 'alert.triggered', data: { episode: id, alert: rule, day, values } },
    now,
  );
  return true;
}

/** Closes an open episode; true when this call closed it. */
export async function resolveEpisode(
  trx: Executor,
  episode: AlertEpisode,
  day: string,
  value: number | null,
  now: Date,
): Promise<boolean> {
  const updated = await trx
    .updateTable('alert_episodes')
    .set({ resolved_day: day, resolved_at: now.toISOString() })
    .where('id', '=', episode.id)
    .where('resolved_at', 'is', null)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) === 0) return false;
  const alert = {
    metric: episode.metric,
    op: episode.op,
    value: Number(episode.threshold),
    days: episode.days,
  };
  await recordEvent(
    trx,
    {
      merchantId: episode.merchant_id,
      type: 'alert.resolved',
      data: { episode: episode.id, alert, day, value, triggered_day: episode.triggered_day },
    },
    now,
  );
  return true;
}

/** Open episodes first, then the most recently resolved. */
export async function listEpisodes(db: Executor, merchantId: string, limit: number): Promise<AlertEpisode[]> {
  return db
    .selectFrom('alert_episodes')
    .selectAll()
    .where('merchant_id', '=', merchantId)
    .orderBy((eb) => eb.case().when('resolved_at', 'is', null).then(0).else(1).end())
    .orderBy('triggered_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}
