// Request parsing with valibot: the first failing field is reported by its dotted path in `param`.
import type { Context } from 'hono';
import * as v from 'valibot';
import { findUnstorableText } from '../domain/storable-text.ts';
import { ApiError } from './errors.ts';
import { unstorableParam } from './storable-text.ts';

// biome-ignore lint/suspicious/noExplicitAny: accepts any valibot schema.
type AnySchema = v.GenericSchema<any, any>;

export function validate<S extends AnySchema>(schema: S, input: unknown): v.InferOutput<S> {
  const result = v.safeParse(schema, input, { abortPipeEarly: true });
  if (result.success) return result.output;
  throw validationError(result.issues);
}

export function validationError(issues: readonly v.BaseIssue<unknown>[]): ApiError {
  const issue = issues[0];
  const param = issue ? (v.getDotPath(issue) ?? undefined) : undefined;
  const message = issue ? describeIssue(issue, param) : 'The request is invalid.';
  // Every invalid field is listed too, so a form can mark them all at once.
  const errors = issues.map((i) => {
    const path = v.getDotPath(i);
    return { param: path ?? null, message: describeIssue(i, path ?? undefined) };
  });
  return new ApiError('invalid_request', 'parameter_invalid', message, {
    ...(param ? { param } : {}),
    errors,
  });
}

function describeIssue(issue: v.BaseIssue<unknown>, param: string | undefined): string {
  const where = param ? `\`${param}\`` : 'The request body';
  if (issue.kind === 'schema' && issue.input === undefined) return `${where} is required.`;
  if (issue.type === 'strict_object' && issue.input !== undefined) return `${where} is not a known field.`;
  return `${where}: ${issue.message}.`;
}

/**
 * Reads the body as JSON whatever its Content-Type: the widget sends `text/plain` to stay a CORS
 * simple request. An empty body counts as `{}`; broken JSON is a 400, never a 500. A string that
 * `\u0000` or a lone `\ud800` escape made unstorable is a 400 naming its field.
 */
export async function readJsonBody(c: Context): Promise<unknown> {
  const text = await c.req.text();
  if (text.trim() === '') return {};
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new ApiError('invalid_request', 'invalid_json', 'The request body is not valid JSON.');
  }
  refuseUnstorableJson(body);
  return body;
}

/** Throws a 400 naming the first string (or key) in a parsed body that the database cannot hold. */
export function refuseUnstorableJson(body: unknown): void {
  const where = findUnstorableText(body);
  if (where !== undefined) throw unstorableParam(where || undefined, 'request body');
}

export async function parseBody<S extends AnySchema>(c: Context, schema: S): Promise<v.InferOutput<S>> {
  return validate(schema, await readJsonBody(c));
}

export function parseQuery<S extends AnySchema>(c: Context, schema: S): v.InferOutput<S> {
  return validate(schema, c.req.query());
}
