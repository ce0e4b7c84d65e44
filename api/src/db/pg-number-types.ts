// int8 (counts, sums, bigint money columns) and numeric arrive as strings from `pg` by default;
// amounts here stay far below 2^53, so numbers are safe and keep both dialects returning the same
// types. Every entry that talks to PostgreSQL (node's connect.ts, the Workers entry) calls this.
import pg from 'pg';

export function readPostgresNumbersAsNumbers(): void {
  pg.types.setTypeParser(20, (value) => Number(value));
  pg.types.setTypeParser(1700, (value) => Number(value));
}
