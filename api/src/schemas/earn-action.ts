import * as v from 'valibot';
import { ExternalId } from './common.ts';

export const EarnActionCreateSchema = v.object({
  /** One of the program's `earn_actions[].type`. */
  type: v.pipe(v.string(), v.minLength(1), v.maxLength(40)),
  /** What identifies this action in your system (the review id, the account followed): the same key twice earns once. */
  key: v.pipe(v.string(), v.trim(), v.minLength(1, 'must not be empty'), v.maxLength(200)),
});
export type EarnActionCreate = v.InferOutput<typeof EarnActionCreateSchema>;

export const EarnActionResultSchema = v.object({
  object: v.literal('earn_action'),
  customer: ExternalId,
  type: v.string(),
  key: v.string(),
  /** awarded now; duplicate: this key was reported before (its points answer again); capped: the limit was reached. */
  status: v.picklist(['awarded', 'duplicate', 'capped']),
  points: v.number(),
  points_balance: v.number(),
});
export type EarnActionResult = v.InferOutput<typeof EarnActionResultSchema>;
