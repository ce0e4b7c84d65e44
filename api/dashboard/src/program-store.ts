// The program, loaded once at sign-in (it also proves the key works) and replaced by every save.
import { computed, signal } from '@preact/signals';
import type { ProgramObject } from '../../src/schemas/program.ts';
import type { RewardValue } from '../../src/schemas/reward.ts';
import { callApi } from './api.ts';

export const program = signal<ProgramObject | null>(null);

const currencyOf = (reward: RewardValue): string | null =>
  reward.type === 'amount_off' || reward.type === 'credit' ? reward.currency : null;

/**
 * The currency KPIs are shown in. `/v1/stats` sums minor units without naming a currency; a shop sells
 * in the currency its referral rewards are priced in, so that is the best guess (USD otherwise).
 */
export const displayCurrency = computed(() => {
  const current = program.value;
  if (!current) return 'USD';
  const { referral, loyalty } = current;
  const candidates = [
    referral.referrer_reward,
    referral.friend_reward,
    ...loyalty.redemption_options.map((o) => o.reward),
  ];
  for (const reward of candidates) {
    const currency = currencyOf(reward);
    if (currency) return currency;
  }
  return 'USD';
});

export async function loadProgram(key?: string): Promise<ProgramObject> {
  const loaded = await callApi<ProgramObject>('GET', '/v1/program', undefined, key);
  program.value = loaded;
  return loaded;
}

export async function saveProgram(patch: Record<string, unknown>): Promise<ProgramObject> {
  const saved = await callApi<ProgramObject>('PUT', '/v1/program', patch);
  program.value = saved;
  return saved;
}
