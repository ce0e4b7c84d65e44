// What a variant changes: the program a unit in it sees, and which fields the variants vary.
import type { ExperimentOverrides } from '../schemas/experiment.ts';
import type { ProgramConfig } from '../schemas/program.ts';

/** The program as a unit in this variant sees it: the variant's offers and texts over the program's. */
export function applyOverrides(program: ProgramConfig, overrides: ExperimentOverrides): ProgramConfig {
  const texts = { ...program.texts };
  for (const [locale, strings] of Object.entries(overrides.texts ?? {})) {
    texts[locale] = { ...(texts[locale] ?? {}), ...strings };
  }
  const { referral, new_customer_offer: offer } = overrides;
  return {
    ...program,
    referral: {
      ...program.referral,
      friend_reward: referral?.friend_reward ?? program.referral.friend_reward,
      referrer_reward: referral?.referrer_reward ?? program.referral.referrer_reward,
    },
    new_customer_offer: {
      ...program.new_customer_offer,
      reward: offer?.reward ?? program.new_customer_offer.reward,
    },
    texts,
  };
}

/** Each overridden leaf as `path → JSON`: `referral.friend_reward`, `texts.en.headline`, … */
function leaves(overrides: ExperimentOverrides): Map<string, string> {
  const out = new Map<string, string>();
  for (const [field, value] of Object.entries(overrides.referral ?? {})) {
    out.set(`referral.${field}`, JSON.stringify(value));
  }
  if (overrides.new_customer_offer?.reward) {
    out.set('new_customer_offer.reward', JSON.stringify(overrides.new_customer_offer.reward));
  }
  for (const [locale, strings] of Object.entries(overrides.texts ?? {})) {
    for (const [key, text] of Object.entries(strings))
      out.set(`texts.${locale}.${key}`, JSON.stringify(text));
  }
  return out;
}

/** The fields in which at least two variants differ (a field a variant leaves alone counts as unset). */
export function differingFields(variants: readonly { overrides: ExperimentOverrides }[]): string[] {
  const all = variants.map((v) => leaves(v.overrides));
  const paths = new Set(all.flatMap((m) => [...m.keys()]));
  return [...paths].filter((path) => new Set(all.map((m) => m.get(path) ?? '')).size > 1).sort();
}

/** Advice shown with the experiment: more than one changed field makes the winner's cause unknowable. */
export function experimentWarnings(variants: readonly { overrides: ExperimentOverrides }[]): string[] {
  const fields = differingFields(variants);
  if (fields.length <= 1) return [];
  return [
    `The variants differ in ${fields.length} fields (${fields.join(', ')}): a winner will not say which change made the difference. Test one variable at a time.`,
  ];
}
