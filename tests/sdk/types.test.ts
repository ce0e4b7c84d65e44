// Type-checks the SDK's type assertions with the project's own compiler settings, so `vitest run`
// fails when an SDK type drifts from its API schema (not only `tsc --noEmit`).
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const fixture = join(root, 'tests/sdk/fixtures/sdk-types.ts');

function compilerOptions(): ts.CompilerOptions {
  const configPath = join(root, 'tsconfig.json');
  const { config } = ts.readConfigFile(configPath, ts.sys.readFile);
  return ts.parseJsonConfigFileContent(config, ts.sys, dirname(configPath)).options;
}

/**
 * Type errors in each of `files` (path → source, or undefined to read it from disk). One program for
 * all of them, and only their own diagnostics: checking every file it imports would take far longer.
 */
function typeErrors(files: Record<string, string | undefined>): Record<string, string[]> {
  const options = compilerOptions();
  const host = ts.createCompilerHost(options);
  const inline = (path: string) => files[path];
  const readFile = host.readFile;
  host.readFile = (path) => inline(path) ?? readFile(path);
  host.fileExists = (path) => inline(path) !== undefined || ts.sys.fileExists(path);
  const getSourceFile = host.getSourceFile;
  host.getSourceFile = (path, language, ...rest) => {
    const source = inline(path);
    return source === undefined
      ? getSourceFile(path, language, ...rest)
      : ts.createSourceFile(path, source, language);
  };
  const program = ts.createProgram(Object.keys(files), options, host);
  return Object.fromEntries(
    Object.keys(files).map((path) => {
      const file = program.getSourceFile(path)!;
      const diagnostics = [...program.getSyntacticDiagnostics(file), ...program.getSemanticDiagnostics(file)];
      return [path, diagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'))];
    }),
  );
}

const wrong = join(root, 'tests/sdk/fixtures/wrong-types.ts');
const wrongSource = `
  import type * as v from 'valibot';
  import { expectTypeOf } from 'vitest';
  import type { OrderSchema } from '../../../api/src/schemas/order.ts';
  import type { Flywheel } from '../../../sdk/src/server.ts';
  declare const fw: Flywheel;
  expectTypeOf(fw.customers.get).returns.resolves.toEqualTypeOf<v.InferOutput<typeof OrderSchema>>();
`;
// docs/sdk.md's snippets, as a reader would save them (a `// name.ts` first line names the file),
// in memory next to the fixture: the compiler resolves imports only inside directories that exist.
const docs = ts.sys.readFile(join(root, 'docs/sdk.md'))!;
const snippets = Object.fromEntries(
  [...docs.matchAll(/```ts\n([\s\S]*?)```/g)].map((match, index) => {
    const name = /^\/\/ ([\w-]+\.ts)\n/.exec(match[1]!)?.[1] ?? `snippet-${index}.ts`;
    return [join(root, 'tests/sdk/fixtures', name), match[1]!];
  }),
);

let errors: Record<string, string[]>;
beforeAll(() => {
  errors = typeErrors({ [fixture]: ts.sys.readFile(fixture), [wrong]: wrongSource, ...snippets });
});

describe('SDK types', () => {
  it('equal the API schemas outputs (tests/sdk/fixtures/sdk-types.ts compiles)', () => {
    expect(errors[fixture]).toEqual([]);
  });

  it('are checked strictly enough that a wrong expectation fails to compile', () => {
    expect(errors[wrong]).toHaveLength(1);
  });

  it('type-check the snippets of docs/sdk.md under the project settings', () => {
    expect(Object.keys(snippets).length).toBeGreaterThanOrEqual(10);
    for (const path of Object.keys(snippets))
      expect({ path, errors: errors[path] }).toEqual({ path, errors: [] });
  });
});
