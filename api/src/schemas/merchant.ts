import * as v from 'valibot';

const Origin = v.pipe(
  v.string(),
  v.check((s) => {
    if (s === '*') return true;
    try {
      const url = new URL(s.endsWith(':*') ? s.slice(0, -2) : s);
      return url.protocol === 'https:' || url.protocol === 'http:';
    } catch {
      return false;
    }
  }, 'must be an http(s) origin like https://shop.example (or http://localhost:* for any port)'),
);

export const MerchantCreateSchema = v.object({
  name: v.pipe(v.string(), v.trim(), v.minLength(1, 'must not be empty'), v.maxLength(200)),
  allowed_origins: v.optional(v.pipe(v.array(Origin), v.maxLength(50)), () => []),
});

export const MerchantCreatedSchema = v.object({
  id: v.string(),
  object: v.literal('merchant'),
  name: v.string(),
  allowed_origins: v.array(v.string()),
  publishable_key: v.string(),
  secret_key: v.string(),
  created_at: v.string(),
});
