// Vitest runs every suite from here: node for the API and SDK, happy-dom for widget components.
// The widget bundles are built by widget/vite.config.ts.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// The browser suites drive Debian's Chromium (`apt-get install chromium`; `.ci/run` installs it). On a
// machine without it they are left out with a printed reason, so `npm test` still passes on a fresh
// machine; under CI=true they always run, and a missing browser fails them.
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const browserSuites = process.env.CI === 'true' || existsSync(chromium);
if (!browserSuites) {
  console.warn(
    `Leaving out the browser (e2e) suites: no Chromium at ${chromium}. Install it with "apt-get install chromium" to run them.`,
  );
}

// The examples and docs import the SDK by its package name (as tsconfig.json's `paths` do for tsc and
// tsx); inside the repository that name is its source.
const sdkSource = {
  '@flywheel/sdk/server': fileURLToPath(new URL('sdk/src/server.ts', import.meta.url)),
  '@flywheel/sdk': fileURLToPath(new URL('sdk/src/browser.ts', import.meta.url)),
};

export default defineConfig({
  test: {
    projects: [
      {
        resolve: { alias: sdkSource },
        test: {
          name: 'node',
          environment: 'node',
          globalSetup: ['tests/support/postgres-cleanup.ts'],
          include: ['tests/api/**/*.test.ts', 'tests/sdk/**/*.test.ts', 'tests/jobs/**/*.test.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
        test: {
          name: 'widget',
          environment: 'happy-dom',
          include: ['tests/widget/**/*.test.{ts,tsx}'],
        },
      },
      {
        test: {
          name: 'e2e',
          environment: 'node',
          // The bundle budgets need no browser and always run.
          include: browserSuites ? ['tests/e2e/**/*.test.ts'] : ['tests/e2e/bundle-size.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
