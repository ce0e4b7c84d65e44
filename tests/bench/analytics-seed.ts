// Seeds a SQLite database with a year of one shop's history at the scale of issue 11: 1,000,000 clicks,
// 100,000 orders, 50,000 customers (40 % referred), their referrals, rewards, offer claims and points.
//
//   npx tsx tests/bench/analytics-seed.ts /tmp/flywheel-analytics.db
//
// The demo merchant is created through the real Node entry (migrations, keys); the history is then
// inserted directly in bulk with prepared statements. Through the public API the same history takes
// hours on this machine (an attributed order is ~50 statements and ~20 ms), so the import path is not
// used to seed; the rows are shaped exactly as the API writes them.
import { existsSync, rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import { startServer } from '../../api/src/node.ts';

const path = process.argv[2] ?? '/tmp/flywheel-analytics.db';
const SCALE = { customers: 50_000, orders: 100_000, clicks: 1_000_000, referrers: 10_000, claims: 20_000 };
const DAY = 86_400_000;
const now = Date.now();
const start = now - 365 * DAY;

// A fixed-seed generator (mulberry32), so every run seeds the same shop.
let seed = 42;
const random = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
};
const pick = (n: number) => Math.floor(random() * n);
const iso = (ms: number) => new Date(ms).toISOString();
const pad = (i: number) => String(i).padStart(7, '0');

for (const suffix of ['', '-wal', '-shm']) if (existsSync(path + suffix)) rmSync(path + suffix);
const server = await startServer({
  port: 0,
  host: '127.0.0.1',
  databaseUrl: `file:${path}`,
  demo: true,
  log: false,
  jobs: false,
});
const merchant = server.demo!.merchantId;
await server.close();

const db = new Database(path);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = OFF');
const began = Date.now();

const insertCustomer =
  db.prepare(`insert into customers (id, merchant_id, external_id, email, email_normalized,
  referral_code, referred_by, points_balance, orders_count, total_spent, first_order_at, last_order_at,
  created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, 0, 0, ?, ?, ?, ?)`);
const insertOrder = db.prepare(`insert into orders (id, merchant_id, external_id, customer_id, amount,
  refunded_amount, currency, coupon_codes, visitor_id, referral_code, status, source, created_at, recorded_at)
  values (?, ?, ?, ?, ?, 0, ?, '[]', ?, ?, 'paid', 'api', ?, ?)`);
const insertReferral = db.prepare(`insert into referrals (id, merchant_id, referrer_id, friend_id, visitor_id,
  status, method, order_id, reasons, flags, created_at, converted_at)
  values (?, ?, ?, ?, ?, 'converted', 'link', ?, '[]', '[]', ?, ?)`);
const insertReward =
  db.prepare(`insert into rewards (id, merchant_id, customer_id, kind, source, status, reward,
  order_id, referral_id, cause_key, flags, available_at, created_at, issued_at)
  values (?, ?, ?, 'coupon', ?, 'issued', ?, ?, ?, ?, '[]', ?, ?, ?)`);
const insertClick = db.prepare(`insert or ignore into clicks (id, merchant_id, referral_code, referrer_id,
  visitor_id, day, created_at) values (?, ?, ?, ?, ?, ?, ?)`);
const insertClaim =
  db.prepare(`insert into offer_claims (id, merchant_id, visitor_id, email, email_normalized,
  referrer_id, created_at) values (?, ?, ?, ?, ?, ?, ?)`);
const insertLedger = db.prepare(`insert into ledger_entries (id, merchant_id, customer_id, account, delta,
  balance_after, reason, cause_key, created_at) values (?, ?, ?, 'points', ?, 0, ?, ?, ?)`);

const coupon = (amount: number, currency: string) => JSON.stringify({ type: 'amount_off', amount, currency });

// Customers ordered by their first order; the first 10,000 are the referrers (they joined earliest).
const firstOrder: number[] = Array.from({ length: SCALE.customers }, () => start + random() * 365 * DAY).sort(
  (a, b) => a - b,
);
const currencyOf = (i: number) => (i % 20 === 0 ? 'EUR' : 'USD');
let orders = 0;
let clicks = 0;
db.transaction(() => {
  for (let i = 0; i < SCALE.customers; i++) {
    const at = iso(firstOrder[i]!);
    const referred = i >= SCALE.referrers && random() < 0.4;
    const referrer = referred ? pick(SCALE.referrers) : -1;
    insertCustomer.run(
      `cus_b${pad(i)}`,
      merchant,
      `c${i}`,
      `c${i}@example.com`,
      `c${i}@example.com`,
      `R${pad(i)}`,
      referred ? `cus_b${pad(referrer)}` : null,
      pick(500),
      at,
      at,
      at,
      at,
    );
    insertOrder.run(
      `ord_b${pad(i)}`,
      merchant,
      `o${i}`,
      `cus_b${pad(i)}`,
      2000 + pick(8000),
      currencyOf(i),
      referred ? `vis_b${pad(i)}` : null,
      referred ? `R${pad(referrer)}` : null,
      at,
      at,
    );
    orders++;
    if (referred) {
      // The friend's click a few hours before the first order, then the referral and two coupons.
      const clickAt = firstOrder[i]! - pick(48) * 3_600_000;
      insertClick.run(
        `clk_b${pad(clicks++)}`,
        merchant,
        `R${pad(referrer)}`,
        `cus_b${pad(referrer)}`,
        `vis_b${pad(i)}`,
        iso(clickAt).slice(0, 10),
        iso(clickAt),
      );
      insertReferral.run(
        `ref_b${pad(i)}`,
        merchant,
        `cus_b${pad(referrer)}`,
        `cus_b${pad(i)}`,
        `vis_b${pad(i)}`,
        `ord_b${pad(i)}`,
        at,
        at,
      );
      for (const [who, source, customer] of [
        ['r', 'referral_referrer', referrer],
        ['f', 'referral_friend', i],
      ] as const) {
        insertReward.run(
          `rwd_b${who}${pad(i)}`,
          merchant,
          `cus_b${pad(customer)}`,
          source,
          coupon(1000, currencyOf(i)),
          `ord_b${pad(i)}`,
          `ref_b${pad(i)}`,
          `bench:${who}:${i}`,
          at,
          at,
          at,
        );
      }
    }
  }
  // Repeat orders: random customers, some time after their first order.
  for (let n = 0; orders < SCALE.orders; n++) {
    const i = pick(SCALE.customers);
    const at = firstOrder[i]! + random() * (now - firstOrder[i]!);
    insertOrder.run(
      `ord_r${pad(n)}`,
      merchant,
      `r${n}`,
      `cus_b${pad(i)}`,
      1000 + pick(9000),
      currencyOf(i),
      null,
      null,
      iso(at),
      iso(at),
    );
    orders++;
  }
  // The rest of the clicks: visitors who did not buy (a few click on several days).
  while (clicks < SCALE.clicks) {
    const referrer = pick(SCALE.referrers);
    const at = start + random() * 365 * DAY;
    const inserted = insertClick.run(
      `clk_b${pad(clicks)}`,
      merchant,
      `R${pad(referrer)}`,
      `cus_b${pad(referrer)}`,
      `vis_x${pad(pick(600_000))}`,
      iso(at).slice(0, 10),
      iso(at),
    );
    if (inserted.changes > 0) clicks++;
  }
  for (let n = 0; n < SCALE.claims; n++) {
    // Half the claims are by later customers (their email), half by visitors who never ordered.
    const email = n % 2 === 0 ? `c${SCALE.referrers + n}@example.com` : `visitor${n}@example.org`;
    const at = start + random() * 365 * DAY;
    insertClaim.run(
      `clm_b${pad(n)}`,
      merchant,
      `vis_c${pad(n)}`,
      email,
      email,
      `cus_b${pad(pick(SCALE.referrers))}`,
      iso(at),
    );
  }
  for (let n = 0; n < 20_000; n++) {
    const at = start + random() * 365 * DAY;
    insertLedger.run(
      `led_b${pad(n)}`,
      merchant,
      `cus_b${pad(pick(SCALE.customers))}`,
      -(50 + pick(500)),
      n % 4 === 0 ? 'expiry' : 'redemption',
      `bench:led:${n}`,
      iso(at),
    );
  }
})();
// The customer counters the order path keeps.
db.exec(`update customers set
  orders_count = (select count(*) from orders o where o.customer_id = customers.id),
  total_spent = (select coalesce(sum(amount), 0) from orders o where o.customer_id = customers.id),
  last_order_at = (select max(created_at) from orders o where o.customer_id = customers.id)
  where merchant_id = '${merchant}'`);
db.exec('analyze');
db.close();
process.stdout.write(
  `${JSON.stringify({ path, merchant, customers: SCALE.customers, orders, clicks, seconds: (Date.now() - began) / 1000 })}\n`,
);
