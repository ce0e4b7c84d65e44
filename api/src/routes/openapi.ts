// GET /openapi.json: OpenAPI 3.1 generated from the same valibot schemas that validate requests.
// Every status a route answers is declared: its success status(es), and the errors its shape implies
// (a key → 401, input → 400, a path parameter → 404, an Idempotency-Key → 400/409) plus those it names.
import { toJsonSchema } from '@valibot/to-json-schema';
import { Hono } from 'hono';
import type { AppEnv } from '../http/env.ts';
import { ErrorSchema } from '../schemas/common.ts';
import type { RouteDoc } from './docs.ts';

// biome-ignore lint/suspicious/noExplicitAny: JSON Schema is untyped here.
type JsonSchema = Record<string, any>;

/** Bodies are described as sent (input), query parameters and answers as the server reads them (output). */
const jsonSchema = (schema: RouteDoc['body'], typeMode: 'input' | 'output'): JsonSchema => {
  const { $schema: _ignored, ...rest } = toJsonSchema(
    // biome-ignore lint/suspicious/noExplicitAny: the converter takes any schema.
    schema as any,
    { errorMode: 'ignore', target: 'draft-2020-12', typeMode },
  );
  return rest;
};

const SECURITY: Record<RouteDoc['auth'], JsonSchema[]> = {
  secret: [{ secretKey: [] }],
  publishable: [{ publishableKey: [] }, { publishableKeyQuery: [] }],
  admin: [{ adminToken: [] }],
  signature: [],
  none: [],
};

const ERRORS: Record<number, { name: string; description: string }> = {
  400: { name: 'BadRequest', description: 'The request is invalid (the field is named in `param`).' },
  401: { name: 'Unauthorized', description: 'The key is missing, of the wrong kind, or not valid.' },
  403: {
    name: 'Forbidden',
    description: 'The key is valid but may not do this (e.g. an origin not allowed).',
  },
  404: { name: 'NotFound', description: 'No such resource.' },
  409: { name: 'Conflict', description: 'The resource is not in a state that allows this.' },
  413: { name: 'PayloadTooLarge', description: 'The body is larger than 1 MB.' },
  415: { name: 'UnsupportedMediaType', description: 'The body is not of a media type the operation reads.' },
  429: { name: 'TooManyRequests', description: 'Rate limited: retry after `Retry-After` seconds.' },
};

const requestIdHeader = { 'X-Request-Id': { $ref: '#/components/headers/RequestId' } };

function errorStatuses(doc: RouteDoc, hasPathParams: boolean): number[] {
  const statuses = new Set(doc.errors);
  if (doc.auth !== 'none') statuses.add(401);
  if (doc.body || doc.bodyMediaTypes || doc.query) statuses.add(400);
  if (doc.body || doc.bodyMediaTypes) statuses.add(413);
  if (hasPathParams || doc.auth === 'admin') statuses.add(404);
  if (doc.auth === 'secret' && doc.method === 'post') {
    statuses.add(400);
    statuses.add(409);
  }
  return [...statuses].sort((a, b) => a - b);
}

export function buildOpenApi(docs: RouteDoc[], serverUrl: string): JsonSchema {
  const paths: JsonSchema = {};
  for (const doc of docs) {
    const pathParams = [...doc.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
    const parameters: JsonSchema[] = pathParams.map((name) => ({
      name,
      in: 'path',
      required: true,
      schema: { type: 'string' },
    }));
    if (doc.query && (doc.method === 'get' || doc.bodyMediaTypes)) {
      const properties = jsonSchema(doc.query, 'output').properties ?? {};
      for (const [name, schema] of Object.entries<JsonSchema>(properties)) {
        if (pathParams.includes(name)) continue;
        // A query default is written as the string it arrives as ('20'); the parameter is its parsed value.
        const parsed =
          schema.type === 'integer' && typeof schema.default === 'string'
            ? { ...schema, default: Number(schema.default) }
            : schema;
        parameters.push({ name, in: 'query', required: false, schema: parsed });
      }
    }
    if (doc.auth === 'secret' && doc.method === 'post') {
      parameters.push({ $ref: '#/components/parameters/IdempotencyKey' });
    }
    const success = {
      description: 'OK',
      headers: requestIdHeader,
      ...(doc.response
        ? { content: { 'application/json': { schema: jsonSchema(doc.response, 'output') } } }
        : {}),
    };
    const responses: JsonSchema = {};
    for (const status of [doc.status ?? 200, ...(doc.alsoStatus ?? [])]) responses[status] = success;
    for (const status of errorStatuses(doc, pathParams.length > 0)) {
      responses[status] = { $ref: `#/components/responses/${ERRORS[status]!.name}` };
    }
    responses.default = { $ref: '#/components/responses/Error' };
    paths[doc.path] ??= {};
    paths[doc.path][doc.method] = {
      operationId: doc.operationId,
      summary: doc.summary,
      tags: [doc.tag],
      security: SECURITY[doc.auth],
      ...(parameters.length ? { parameters } : {}),
      ...(doc.body
        ? {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: jsonSchema(doc.body, 'input') } },
            },
          }
        : {}),
      ...(doc.bodyMediaTypes
        ? {
            requestBody: {
              required: true,
              content: Object.fromEntries(
                doc.bodyMediaTypes.map((type) => [type, { schema: { type: 'string' } }]),
              ),
            },
          }
        : {}),
      responses,
    };
  }
  const errorResponse = (description: string) => ({
    description,
    headers: requestIdHeader,
    content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
  });
  return {
    openapi: '3.1.0',
    info: {
      title: 'Flywheel API',
      version: '1.0.0',
      description: 'Referral and loyalty: attribution, rewards, an append-only ledger, signed webhooks.',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: [{ url: serverUrl }],
    tags: [...new Set(docs.map((d) => d.tag))].map((name) => ({ name, description: `${name} routes.` })),
    paths,
    components: {
      schemas: { Error: jsonSchema(ErrorSchema, 'output') },
      headers: {
        RequestId: {
          description: 'The id of this request, also in the server log: quote it when reporting a problem.',
          schema: { type: 'string' },
        },
      },
      parameters: {
        IdempotencyKey: {
          name: 'Idempotency-Key',
          in: 'header',
          required: false,
          description:
            'Retries with the same key replay the first answer (with `Idempotent-Replayed: true`) instead of acting twice.',
          schema: { type: 'string', minLength: 1, maxLength: 255 },
        },
      },
      responses: {
        ...Object.fromEntries(
          Object.values(ERRORS).map(({ name, description }) => [name, errorResponse(description)]),
        ),
        Error: errorResponse('An unexpected error on the server.'),
      },
      securitySchemes: {
        secretKey: { type: 'http', scheme: 'bearer', description: 'Secret key sk_… (server only)' },
        publishableKey: {
          type: 'http',
          scheme: 'bearer',
          description: 'Publishable key pk_… (client routes)',
        },
        publishableKeyQuery: { type: 'apiKey', in: 'query', name: 'key' },
        adminToken: { type: 'http', scheme: 'bearer', description: 'FLYWHEEL_ADMIN_TOKEN' },
      },
    },
  };
}

/** `serverUrl` is read per request: the Node entry learns its public URL only once it listens. */
export function openApiRouter(docs: RouteDoc[], serverUrl: () => string) {
  const cache = new Map<string, JsonSchema>();
  return new Hono<AppEnv>().get('/openapi.json', (c) => {
    const url = serverUrl();
    let document = cache.get(url);
    if (!document) {
      document = buildOpenApi(docs, url);
      cache.set(url, document);
    }
    return c.json(document);
  });
}
