// A program's landing_url must now be http(s): share links open it, and a `javascript:` one ran in the
// friend's browser. Programs saved before the rule may hold another scheme; reading them would now
// fail validation, so such a landing_url is cleared (share links then go to the shop's first origin).
// Frozen once landed.
import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the app's evolving types.
export async function up(db: Kysely<any>): Promise<void> {
  const rows: { merchant_id: string; config: string }[] = await db
    .selectFrom('programs')
    .select(['merchant_id', 'config'])
    .execute();
  for (const row of rows) {
    const config = JSON.parse(row.config) as { landing_url?: unknown };
    const url = config.landing_url;
    if (typeof url !== 'string' || isHttpUrl(url)) continue;
    config.landing_url = null;
    await db
      .updateTable('programs')
      .set({ config: JSON.stringify(config) })
      .where('merchant_id', '=', row.merchant_id)
      .execute();
  }
}

function isHttpUrl(value: string): boolean {
  try {
    return /^https?:$/.test(new URL(value).protocol);
  } catch {
    return false;
  }
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(_db: Kysely<any>): Promise<void> {
  // The cleared values were unsafe and are not restored.
}
