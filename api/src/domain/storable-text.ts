// Text the databases can hold as given. PostgreSQL refuses a NUL character in `text` (an error, a 500
// if it got that far), and an unpaired UTF-16 surrogate has no UTF-8 form: the driver would silently
// store U+FFFD instead. Both are refused at the edge, the same way on SQLite and PostgreSQL.

// A high surrogate not followed by a low one, or a low surrogate not preceded by a high one.
const UNPAIRED_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** True when the string has no NUL and no unpaired surrogate. */
export function isStorableText(text: string): boolean {
  return !text.includes('\u0000') && !UNPAIRED_SURROGATE.test(text);
}

/**
 * The dotted path of the first string (value or key) in a parsed JSON value that is not storable, or
 * undefined when all are. The empty path means the value itself.
 */
export function findUnstorableText(value: unknown, path = ''): string | undefined {
  if (typeof value === 'string') return isStorableText(value) ? undefined : path;
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = findUnstorableText(item, path ? `${path}.${index}` : String(index));
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const where = path ? `${path}.${key}` : key;
      if (!isStorableText(key)) return where;
      const found = findUnstorableText(item, where);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

/**
 * Decodes one percent-encoded URL component strictly: undefined when the bytes are not well-formed
 * UTF-8 (overlong forms, encoded surrogates, stray continuation bytes) or the text is not storable.
 */
export function decodeStorableComponent(raw: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    return undefined;
  }
  return isStorableText(decoded) ? decoded : undefined;
}
