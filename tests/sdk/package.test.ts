// @flywheel/sdk as a merchant gets it: `npm pack` (which builds dist/), installed offline into a fresh
// project, then run by plain `node` against a real Flywheel and compiled by TypeScript under each
// module resolution a merchant's project may use.
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LiveApi, startLiveApi } from './support/live-api.ts';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));
const tsc = join(root, 'node_modules/typescript/bin/tsc');

let api: LiveApi;
let project: string;
let packed: { files: { path: string }[]; size: number; filename: string };

beforeAll(async () => {
  project = mkdtempSync(join(tmpdir(), 'flywheel-merchant-'));
  const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', project], {
    cwd: join(root, 'sdk'),
    maxBuffer: 10 * 1024 * 1024,
  });
  // `prepack` prints the build's output before npm's JSON report.
  packed = JSON.parse(stdout.slice(stdout.indexOf('[')))[0];
  writeFileSync(
    join(project, 'package.json'),
    JSON.stringify({ name: 'shop', private: true, type: 'module' }),
  );
  // Offline: the SDK has no dependencies, so nothing but the tarball is needed.
  await run('npm', ['install', '--offline', '--no-audit', '--no-fund', join(project, packed.filename)], {
    cwd: project,
  });
  api = await startLiveApi();
}, 240_000);
afterAll(async () => {
  await api?.close();
  rmSync(project, { recursive: true, force: true });
});

describe('the @flywheel/sdk tarball', () => {
  it('holds only the built files, README and LICENSE, in tens of kilobytes', () => {
    const files = packed.files.map((f) => f.path).sort();
    expect(files.filter((f) => !f.startsWith('dist/'))).toEqual(['LICENSE', 'README.md', 'package.json']);
    expect(files).toEqual(expect.arrayContaining(['dist/server.js', 'dist/server.d.ts', 'dist/browser.js']));
    expect(packed.size).toBeLessThan(80_000);
  });

  it('installs with no dependencies of its own', () => {
    expect(readdirSync(join(project, 'node_modules')).sort()).toEqual(['.package-lock.json', '@flywheel']);
  });
});

describe('a plain node script using @flywheel/sdk/server', () => {
  it('runs the referral loop: a friend orders with the code, the referrer is rewarded', async () => {
    writeFileSync(
      join(project, 'loop.mjs'),
      `import { Flywheel, FlywheelError } from '@flywheel/sdk/server';
const fw = new Flywheel({ secretKey: process.env.FLYWHEEL_SECRET_KEY, baseUrl: process.env.FLYWHEEL_API_URL });
await fw.program.update({ referral: { hold_days: 0 } });
const ann = await fw.customers.upsert({ external_id: 'u_ann', email: 'ann@example.com' });
const order = await fw.orders.create({
  external_id: '1001',
  customer: { external_id: 'u_bob', email: 'bob@example.org' },
  amount: 4999,
  currency: 'USD',
  referral_code: ann.referral_code,
});
const rewards = await fw.rewards.list({ customer: 'u_ann' });
const referrals = await fw.referrals.list({ referrer: 'u_ann' });
const error = await fw.customers.get('nobody').catch((e) => e);
console.log(JSON.stringify({
  referrer: order.attribution.referrer === ann.id,
  rewards: rewards.data.map((r) => r.source),
  referrals: referrals.data.map((r) => r.status),
  error: error instanceof FlywheelError ? error.code : String(error),
}));
`,
    );
    const { stdout } = await run(process.execPath, ['loop.mjs'], {
      cwd: project,
      env: { ...process.env, FLYWHEEL_API_URL: api.url, FLYWHEEL_SECRET_KEY: api.secretKey },
    });
    expect(JSON.parse(stdout)).toEqual({
      referrer: true,
      rewards: ['referral_referrer'],
      referrals: ['converted'],
      error: 'resource_missing',
    });
  });
});

describe('a TypeScript project using @flywheel/sdk', () => {
  const consumer = `import { Flywheel, FlywheelError, type Customer, type Order } from '@flywheel/sdk/server';
import { createFlywheel } from '@flywheel/sdk';

const fw = new Flywheel({ secretKey: 'sk_test', baseUrl: 'http://127.0.0.1:8787' });
export async function loop(): Promise<string> {
  const ann: Customer = await fw.customers.upsert({ external_id: 'u_ann' });
  const order: Order = await fw.orders.create({
    external_id: '1001',
    customer: { external_id: 'u_bob' },
    amount: 4999,
    currency: 'USD',
    referral_code: ann.referral_code,
  });
  // @ts-expect-error amounts are integers in minor units, not strings
  await fw.orders.create({ external_id: '1', customer: { external_id: 'u' }, amount: '49.99', currency: 'USD' });
  return order.status;
}
export const browser = createFlywheel({ publishableKey: 'pk_test', apiUrl: 'https://flywheel.example' });
export const isError = (e: unknown) => e instanceof FlywheelError;
`;

  for (const [module, moduleResolution] of [
    ['node16', 'node16'],
    ['nodenext', 'nodenext'],
    ['esnext', 'bundler'],
  ] as const) {
    it(`compiles with module ${module}, moduleResolution ${moduleResolution} (the SDK's .d.ts checked too)`, async () => {
      writeFileSync(join(project, 'consumer.ts'), consumer);
      const result = await run(
        process.execPath,
        [
          tsc,
          '--noEmit',
          '--strict',
          '--skipLibCheck',
          'false',
          '--target',
          'es2022',
          '--lib',
          'es2022,dom',
          '--module',
          module,
          '--moduleResolution',
          moduleResolution,
          'consumer.ts',
        ],
        { cwd: project },
      ).catch((error: { stdout: string }) => ({ stdout: error.stdout }));
      expect(result.stdout).toBe('');
    }, 120_000);
  }
});
