// "Ask only every n-th order": which orders get the survey. The widget and the API must agree without
// talking, and neither knows how many orders came before, so the choice is a hash of the order id:
// about one order in n, always the same ones. FNV-1a (32-bit) is ten lines and spreads short ids well.

/** The hash an order is sampled by: surveyed at one in n when `surveyHash(id) % n === 0`. */
export function surveyHash(orderId: string): number {
  return fnv1a(orderId);
}

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** True when this order is one of the sampled ones for `everyNth` (1: every order). */
export function isSurveyedOrder(orderId: string, everyNth: number): boolean {
  return everyNth <= 1 || fnv1a(orderId) % everyNth === 0;
}
