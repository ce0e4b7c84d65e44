// GET /openapi.json: OpenAPI 3.1 generated from the same valibot schemas that validate requests.
import { toJsonSchema } from '@valibot/to-json-schema';
import { Hono } from 'hono';
import type { AppEnv } from '../http/env.ts';
import { ErrorSchema } from '../schemas/common.ts';
import type { RouteDoc } from './docs.ts';

// biome-ignore lint/suspicious/noExplicitAny: JSON Schema is untyped here.
type JsonSchema = Record<string, any>;

const jsonSchema = (schema: RouteDoc['body']): JsonSchema => {
  // biome-ignore lint/suspicious/noExplicitAny: the converter takes any schema.
  const { $schema: _ignored, ...rest } = toJsonSchema(schema as any, { errorMode: 'ignore' });
  return rest;
};

const SECURITY: Record<RouteDoc['auth'], JsonSchema[]> = {
  secret: [{ secretKey: [] }],
  publishable: [{ publishableKey: [] }, { publishableKeyQuery: [] }],
  admin: [{ adminToken: [] }],
  signature: [],
  none: [],
};

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
    if (doc.query && doc.method === 'get') {
      const properties = jsonSchema(doc.query).properties ?? {};
      for (const [name, schema] of Object.entries(properties)) {
        if (!pathParams.includes(name)) parameters.push({ name, in: 'query', required: false, schema });
      }
    }
    const status = String(doc.status ?? 200);
    paths[doc.path] ??= {};
    paths[doc.path][doc.method] = {
      summary: doc.summary,
      tags: [doc.tag],
      security: SECURITY[doc.auth],
      ...(parameters.length ? { parameters } : {}),
      ...(doc.body
        ? {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: jsonSchema(doc.body) } },
            },
          }
        : {}),
      responses: {
        [status]: {
          description: 'OK',
          ...(doc.response ? { content: { 'application/json': { schema: jsonSchema(doc.response) } } } : {}),
        },
        default: {
          description: 'Error',
          content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
        },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Flywheel API',
      version: '1.0.0',
      description: 'Referral and loyalty: attribution, rewards, an append-only ledger, signed webhooks.',
    },
    servers: [{ url: serverUrl }],
    paths,
    components: {
      schemas: { Error: jsonSchema(ErrorSchema) },
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
