// The layers hold (docs/architecture.md, "Layers"): services run inside the transaction they are
// given and never open one; SQL — Kysely's query builders and `sql` templates — lives only in api/src/store/ (and in
// api/src/db/, which builds the connection, the migrations and the analytics read worker). A static
// check over the source, so a new shortcut fails here rather than in a review.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = join(import.meta.dirname, '../../api/src');

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
    const offenders = files.filter((f) => f.startsWith('services/') && TRANSACT.test(code(f)));
    expect(offenders).toEqual([]);
  });

  it('only store/ and db/ build SQL', () => {
    const offenders = files.filter((f) => !inStoreOrDb(f) && QUERY_BUILDER.test(code(f)));
    expect(offenders).toEqual([]);
  });
});
