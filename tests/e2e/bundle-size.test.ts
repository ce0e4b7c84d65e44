// Builds the real bundles and holds them to their budgets (gzip -9, as a CDN would serve them).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';

const dist = (file: string) => readFileSync(new URL(`../../widget/dist/${file}`, import.meta.url), 'utf8');
const gzipped = (file: string) => gzipSync(dist(file), { level: 9 }).length;

beforeAll(() => {
  execFileSync(
    process.execPath,
    ['node_modules/vite/bin/vite.js', 'build', '--config', 'widget/vite.config.ts'],
    {
      cwd: fileURLToPath(new URL('../..', import.meta.url)),
      stdio: 'pipe',
      // A production build, not one shaped by the test runner's environment (NODE_ENV=test, VITEST…).
      env: Object.fromEntries(
        Object.entries({ ...process.env, NODE_ENV: 'production' }).filter(
          ([name]) => !name.startsWith('VITEST'),
        ),
      ),
    },
  );
}, 120_000);

describe('widget bundles', () => {
  it('keeps loader.js within 1 KB gzip', () => {
    expect(gzipped('loader.js')).toBeLessThanOrEqual(1024);
  });

  it('keeps widget.js within 14 KB gzip', () => {
    expect(gzipped('widget.js')).toBeLessThanOrEqual(14_336);
  });

  it('keeps the post-purchase survey chunk within 2 KB gzip', () => {
    expect(gzipped('survey.js')).toBeLessThanOrEqual(2048);
  });

  it('ships classic scripts with no eval, no Function constructor and no module syntax', () => {
    for (const file of [
      'loader.js',
      'widget.js',
      'ui.js',
      'survey.js',
      'qr.js',
      'i18n/zh-CN.js',
      'i18n/ar.js',
    ]) {
      const code = dist(file);
      expect(code, file).not.toMatch(/\beval\(|new Function\(|\bFunction\(/);
      expect(code, file).not.toMatch(/^\s*(import|export)\s/m);
      expect(code, file).not.toMatch(/import\(/);
    }
  });
});
