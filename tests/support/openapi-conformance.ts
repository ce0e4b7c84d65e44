// Checks an answer of the server against /openapi.json: the status is declared for that operation and
// the body matches its schema (JSON Schema draft 2020-12, with formats). The API harness runs this on
// every response the API suites see, so the document and the server cannot drift apart unnoticed.
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { routeDocs } from '../../api/src/app.ts';
import { buildOpenApi } from '../../api/src/routes/openapi.ts';

// ajv-formats is CommonJS: its default export arrives wrapped under ESM.
const addFormats =
  (addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule;

// biome-ignore lint/suspicious/noExplicitAny: the OpenAPI document is plain JSON.
type Json = any;

const DOC_ID = 'https://flywheel.test/openapi.json';

export interface Conformance {
  document: Json;
  /** Problems with this answer; empty when it conforms or its path is not in the document. */
  check(method: string, url: string, status: number, headers: Headers, body: unknown): string[];
}

export function createConformance(
  document: Json = buildOpenApi(routeDocs, 'http://flywheel.test'),
): Conformance {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema({ ...document, $id: DOC_ID });
  const validators = new Map<string, ValidateFunction>();
  const validatorAt = (pointer: string) => {
    let validate = validators.get(pointer);
    if (!validate) {
      validate = ajv.compile({ $ref: `${DOC_ID}#${pointer}` });
      validators.set(pointer, validate);
    }
    return validate;
  };
  const pointerSegment = (segment: string) => segment.replaceAll('~', '~0').replaceAll('/', '~1');

  // The most specific template wins: `/v1/orders/{external_id}` over nothing, literals over parameters.
  const templates = Object.keys(document.paths).map((template) => ({
    template,
    pattern: new RegExp(`^${template.replace(/\{\w+\}/g, '[^/]+')}$`),
    literals: template.split('/').filter((s) => s && !s.startsWith('{')).length,
  }));
  const templateFor = (path: string) =>
    templates.filter((t) => t.pattern.test(path)).sort((a, b) => b.literals - a.literals)[0]?.template;

  return {
    document,
    check(method, url, status, headers, body) {
      const template = templateFor(new URL(url).pathname);
      if (!template) return [];
      const operation = document.paths[template][method.toLowerCase()];
      // A known path with a method it does not have: the 405 answer is checked by its own test.
      if (!operation) return [];
      const where = `${method} ${template} → ${status}`;
      const declared = operation.responses[String(status)]
        ? String(status)
        : status >= 500
          ? 'default'
          : null;
      if (!declared) return [`${where}: status not declared in /openapi.json`];
      const problems: string[] = [];
      if (!headers.get('X-Request-Id')) problems.push(`${where}: no X-Request-Id header`);
      let response = operation.responses[declared];
      let pointer = `/paths/${pointerSegment(template)}/${method.toLowerCase()}/responses/${declared}`;
      if (response.$ref) {
        pointer = response.$ref.slice(1);
        response = response.$ref
          .slice(2)
          .split('/')
          .reduce((node: Json, key: string) => node[key], document);
      }
      if (!response.content) return problems;
      const validate = validatorAt(`${pointer}/content/application~1json/schema`);
      if (!validate(body)) {
        problems.push(`${where}: body does not match the schema: ${ajv.errorsText(validate.errors)}`);
      }
      return problems;
    },
  };
}

let shared: Conformance | undefined;
/** One compiled document per test file: building it and compiling schemas is the slow part. */
export const conformance = () => {
  shared ??= createConformance();
  return shared;
};
