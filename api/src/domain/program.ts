// Partial program updates: objects merge key by key; arrays and rewards (objects with a `type`, where
// fields depend on the type) replace whole, so switching `amount_off` to `percent_off` just works.
type Json = unknown;

const isPlainObject = (value: Json): value is Record<string, Json> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export function deepMerge(base: Json, patch: Json): Json {
  if (!isPlainObject(base) || !isPlainObject(patch) || 'type' in patch) return patch;
  const out: Record<string, Json> = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    out[key] = key in base ? deepMerge(base[key], value) : value;
  }
  return out;
}
