// The layers hold (docs/architecture.md, "Layers"): services run inside the transaction they are
// given and never open one; SQL — Kysely's query builders and `sql` templates — lives only in api/src/store/ (and in
// api/src/db/, which builds the connection, the migrations and the analytics read worker). A static
// check over the source, so a new shortcut fails here rather than in a review.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = join(import.meta.dirname, '../../api/src');

/**
 * Files other engineers are changing on their own branches right now; each still does what this test
 * forbids. The lead removes an entry once its branch is merged — the last test below says which.
 */
const STILL_OPENS_TRANSACTION = new Set<string>([]);
const STILL_HOLDS_SQL = new Set([
  // Analytics, owned by its own branch.
  'jobs/kpi-alerts.ts',
]);

const TRANSACT = /\btransact\(/;
/** Kysely's query builders, and its `sql` template and helpers (raw SQL is SQL too). */
const QUERY_BUILDER =
  /\b(selectFrom|insertInto|updateTable|deleteFrom)\(|\bsql(<[^`;]*>)?`|\bsql\.(raw|lit|ref|id|join)\(/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(ts|mts|mjs|js)$/.test(entry.name) ? [relative(SRC, path)] : [];
  });
}

/** The code of a file, comments left out: a comment may name what the code must not do. */
function code(file: string): string {
  return readFileSync(join(SRC, file), 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/^\s*\/\/.*$/gm, '');
}

const files = sourceFiles(SRC).map((file) => file.split('\\').join('/'));
const inStoreOrDb = (file: string) => file.startsWith('store/') || file.startsWith('db/');

describe('layers', () => {
  it('finds the source and recognises SQL where it belongs', () => {
    // Guards the check itself: a wrong path or pattern would make every other test pass vacuously.
    expect(files.filter((f) => f.startsWith('services/')).length).toBeGreaterThan(10);
    expect(files.filter((f) => f.startsWith('store/') && QUERY_BUILDER.test(code(f))).length).toBeGreaterThan(
      10,
    );
    expect(TRANSACT.test(code('routes/points.ts'))).toBe(true);
  });

  it('services never open a transaction: the entry (route, job, intake) does', () => {
    const offenders = files.filter(
      (f) => f.startsWith('services/') && !STILL_OPENS_TRANSACTION.has(f) && TRANSACT.test(code(f)),
    );
    expect(offenders).toEqual([]);
  });

  it('only store/ and db/ build SQL', () => {
    const offenders = files.filter(
      (f) => !inStoreOrDb(f) && !STILL_HOLDS_SQL.has(f) && QUERY_BUILDER.test(code(f)),
    );
    expect(offenders).toEqual([]);
  });

  it('lists no exception that is no longer needed', () => {
    const stale = [
      ...[...STILL_OPENS_TRANSACTION].filter((f) => !files.includes(f) || !TRANSACT.test(code(f))),
      ...[...STILL_HOLDS_SQL].filter((f) => !files.includes(f) || !QUERY_BUILDER.test(code(f))),
    ];
    expect(stale, 'remove these from the exception lists above').toEqual([]);
  });
});
