import SQLite from 'better-sqlite3';
const db = new SQLite(process.argv[2]!, { readonly: true });
const m = (db.prepare('select id from merchants').get() as any).id;
const f = '2026-09-01T00:00:00.000Z', t = '2026-09-05T00:00:00.000Z';
const start = `case when g.day || 'T00:00:00.000Z' > @f then g.day || 'T00:00:00.000Z' else @f end`;
const variants: Record<string, string> = {
  flat: `select x.day, substr(x.prev_at, 1, 10) as prev_day, count(*) as n from (
    select g.day, (select max(p.created_at) from clicks p where p.merchant_id = @m and p.visitor_id = g.visitor_id and p.created_at < ${start}) as prev_at
    from (select distinct visitor_id, substr(created_at, 1, 10) as day from clicks where merchant_id = @m and created_at >= @f and created_at < @t) as g
  ) as x group by x.day, substr(x.prev_at, 1, 10)`,
  materialized: `with x as materialized (
    select g.day, (select max(p.created_at) from clicks p where p.merchant_id = @m and p.visitor_id = g.visitor_id and p.created_at < ${start}) as prev_at
    from (select distinct visitor_id, substr(created_at, 1, 10) as day from clicks where merchant_id = @m and created_at >= @f and created_at < @t) as g
  ) select x.day, substr(x.prev_at, 1, 10) as prev_day, count(*) as n from x group by x.day, substr(x.prev_at, 1, 10)`,
  noagg: `select g.day, (select max(p.created_at) from clicks p where p.merchant_id = @m and p.visitor_id = g.visitor_id and p.created_at < ${start}) as prev_at
    from (select distinct visitor_id, substr(created_at, 1, 10) as day from clicks where merchant_id = @m and created_at >= @f and created_at < @t) as g`,
  distinctonly: `select distinct visitor_id, substr(created_at, 1, 10) as day from clicks where merchant_id = @m and created_at >= @f and created_at < @t`,
};
for (let round = 0; round < 2; round++)
  for (const [name, q] of Object.entries(variants)) {
    const s = db.prepare(q);
    const t0 = performance.now();
    const rows = s.all({ m, f, t });
    console.log(name, rows.length, (performance.now() - t0).toFixed(1), 'ms');
  }
