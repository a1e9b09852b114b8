import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiPathsObject } from 'zod-openapi';
import { SESSION_COOKIE } from '../auth/session-token';
import { errorAnswer } from './common-schemas';
import type { Access, ApiOperation } from './operation';
import { API_OPERATIONS } from './registry';

type OpenApiDocument = ReturnType<typeof createDocument>;

const SECURITY: Record<Access, Array<Record<string, string[]>>> = {
  public: [],
  'signed-in': [{ sessionCookie: [] }, { bearerToken: [] }],
  admin: [{ sessionCookie: [] }, { bearerToken: [] }],
  webhook: [],
  'feed-token': [],
};

/** The refusals each kind of route can answer, all in the one error shape. */
function refusals(op: ApiOperation): ZodOpenApiOperationObject['responses'] {
  const error = (description: string) => ({ description, content: { 'application/json': { schema: errorAnswer } } });
  return {
    ...(op.params || op.query || op.body ? { 400: error('A field is invalid: `error.field` names it, `error.issue` says what is wrong') } : {}),
    ...(op.access === 'signed-in' || op.access === 'admin' ? { 401: error('Not signed in') } : {}),
    ...(op.access === 'admin' ? { 403: error('Admins only') } : {}),
    ...(op.access === 'webhook' ? { 403: error('Signature, secret or address refused') } : {}),
    ...(op.params ? { 404: error('No such resource') } : {}),
  };
}

/** zod-openapi reads every key it is given, so a missing location must be left out rather than undefined. */
const definedOnly = <T extends object>(o: T) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

function operationObject(op: ApiOperation): ZodOpenApiOperationObject {
  const okStatus = String(op.ok.status ?? 200);
  const okContent = op.ok.schema
    ? { content: { [op.ok.contentType ?? 'application/json']: { schema: op.ok.schema } } }
    : op.ok.contentType ? { content: { [op.ok.contentType]: {} } } : {};
  return {
    operationId: `${op.method}${op.path.replace(/\{([^}]+)\}/g, 'By-$1').replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ''))}`,
    summary: op.summary,
    ...(op.description ? { description: op.description } : {}),
    tags: [op.tag],
    security: SECURITY[op.access],
    ...(op.params || op.query || op.headers ? { requestParams: definedOnly({ path: op.params, query: op.query, header: op.headers }) } : {}),
    ...(op.body ? { requestBody: { required: true, content: { [op.bodyType ?? 'application/json']: { schema: op.body } } } } : {}),
    responses: { [okStatus]: { description: op.ok.description, ...okContent }, ...refusals(op) },
  };
}

/**
 * Query values are text piped into an enum (`oneOf` in query-schemas.ts); read as input, zod gives only the text
 * side, so the enum's values are added back: a reader sees `view` takes needs-person, mine, … not just "a string".
 */
function enumBehindText(ctx: { zodSchema: unknown; jsonSchema: Record<string, unknown> }): void {
  const def = (ctx.zodSchema as { _zod?: { def?: { type?: string; out?: { _zod?: { def?: { type?: string; entries?: Record<string, string> } } } } } })._zod?.def;
  const out = def?.type === 'pipe' ? def.out?._zod?.def : undefined;
  if (out?.type === 'enum' && out.entries && ctx.jsonSchema.type === 'string') ctx.jsonSchema.enum = Object.values(out.entries);
}

/** Builds the OpenAPI 3.1 document from the registry; the zod objects become JSON Schema through zod-openapi. */
export function buildOpenApiDocument(version: string): OpenApiDocument {
  const paths: ZodOpenApiPathsObject = {};
  for (const op of API_OPERATIONS) paths[op.path] = { ...paths[op.path], [op.method]: operationObject(op) };
  return createDocument({
    openapi: '3.1.0',
    info: {
      title: 'Huixin (回信) API',
      version,
      description: 'Two-way SMS inbox and reply bot. Every /api route takes the session cookie or `Authorization: Bearer <token>` from POST /api/auth/login.',
    },
    tags: [...new Set(API_OPERATIONS.map((op) => op.tag))].map((name) => ({ name })),
    components: {
      securitySchemes: {
        sessionCookie: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE, description: 'Set by POST /api/auth/login; cross-site requests with it are refused' },
        bearerToken: { type: 'http', scheme: 'bearer', description: 'The `token` POST /api/auth/login answers' },
      },
    },
    paths,
  }, { override: enumBehindText });
}
