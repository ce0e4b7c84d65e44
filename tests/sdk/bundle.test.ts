// The server SDK must run on Workers, Deno and Bun: only fetch and Web Crypto, no Node built-ins, and
// its types from the API's schemas must not drag valibot (or any API code) into a bundle.
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const entry = fileURLToPath(new URL('../../sdk/src/server.ts', import.meta.url));

describe('the sdk/server bundle', () => {
  it('builds for a runtime-neutral platform from sdk/src alone', async () => {
    // platform "neutral" knows no Node built-ins: importing one fails the build.
    const result = await build({
      entryPoints: [entry],
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'neutral',
      metafile: true,
      outdir: 'out',
      logLevel: 'silent',
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.length).toBeGreaterThan(5);
    expect(inputs.filter((path) => !path.startsWith('sdk/src/'))).toEqual([]);
    const code = result.outputFiles[0]!.text;
    expect(code).not.toMatch(/valibot|node:/);
    const [output] = Object.values(result.metafile.outputs);
    expect(output?.exports).toEqual(
      expect.arrayContaining(['Flywheel', 'FlywheelError', 'FlywheelWebhookError']),
    );
  });
});
