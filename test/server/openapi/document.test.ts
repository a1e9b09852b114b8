import { buildOpenApiDocument } from '../../../server/openapi/document';
import { renderDocsPage } from '../../../server/openapi/docs-page';

type Json = Record<string, any>;
const doc = buildOpenApiDocument('0.0.0-test') as Json;
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const operations = Object.entries(doc.paths as Json).flatMap(([path, item]) =>
  Object.entries(item as Json).filter(([m]) => METHODS.includes(m)).map(([method, op]) => ({ path, method, op: op as Json })));

/** Every `$ref` in the document, with where it was found. */
function refs(node: unknown, at = '#'): Array<{ ref: string; at: string }> {
  if (!node || typeof node !== 'object') return [];
  return Object.entries(node).flatMap(([k, v]) => (k === '$ref' && typeof v === 'string' ? [{ ref: v, at }] : refs(v, `${at}/${k}`)));
}

const resolve = (ref: string) => ref.slice(2).split('/').reduce<unknown>((n, key) => (n as Json | undefined)?.[key.replace(/~1/g, '/').replace(/~0/g, '~')], doc);

it('is an OpenAPI 3.1 document with its info', () => {
  expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
  expect(doc.info).toEqual(expect.objectContaining({ title: expect.any(String), version: '0.0.0-test' }));
  expect(doc.jsonSchemaDialect ?? 'default').toBeTruthy();
});

it('has paths that start with a slash and declare each template parameter, required, in the path', () => {
  const problems: string[] = [];
  for (const { path, method, op } of operations) {
    if (!path.startsWith('/')) problems.push(`${path}: does not start with /`);
    const named = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
    const declared = (op.parameters ?? []).filter((p: Json) => p.in === 'path');
    for (const name of named) if (!declared.some((p: Json) => p.name === name && p.required === true)) problems.push(`${method} ${path}: {${name}} not declared as a required path parameter`);
    for (const p of declared) if (!named.includes(p.name)) problems.push(`${method} ${path}: path parameter ${p.name} is not in the path`);
  }
  expect(problems).toEqual([]);
});

it('gives every operation a unique operationId, a summary, a tag it declares and a success response', () => {
  const tags = new Set((doc.tags as Json[]).map((t) => t.name));
  const ids = operations.map(({ op }) => op.operationId);
  expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
  for (const { path, method, op } of operations) {
    const where = `${method} ${path}`;
    expect([where, typeof op.summary]).toEqual([where, 'string']);
    expect([where, op.tags.every((t: string) => tags.has(t))]).toEqual([where, true]);
    expect([where, Object.keys(op.responses).some((s) => /^[23]\d\d$/.test(s))]).toEqual([where, true]);
    for (const [status, r] of Object.entries(op.responses as Json)) expect([where, status, typeof r.description]).toEqual([where, status, 'string']);
  }
});

it('names only security schemes it defines: the session cookie and the Bearer token', () => {
  const schemes = doc.components.securitySchemes as Json;
  expect(schemes.bearerToken).toEqual(expect.objectContaining({ type: 'http', scheme: 'bearer' }));
  expect(schemes.sessionCookie).toEqual(expect.objectContaining({ type: 'apiKey', in: 'cookie' }));
  const used = operations.flatMap(({ op }) => (op.security ?? []).flatMap((s: Json) => Object.keys(s)));
  expect([...new Set(used)].sort()).toEqual(['bearerToken', 'sessionCookie']);
});

it('lists the values a query parameter takes, though the route reads it as text first', () => {
  const view = doc.paths['/api/conversations'].get.parameters.find((p: Json) => p.name === 'view');
  expect(view.schema.enum).toEqual(expect.arrayContaining(['needs-person', 'mine', 'all']));
});

it('lists the fields of every JSON success answer: none is a bare "some object"', () => {
  const bare: string[] = [];
  for (const { path, method, op } of operations) {
    for (const [status, response] of Object.entries(op.responses as Json)) {
      if (!/^2/.test(status)) continue;
      for (const [type, media] of Object.entries((response as Json).content ?? {})) {
        const schema = (media as Json).schema?.$ref ? resolve((media as Json).schema.$ref) as Json : (media as Json).schema as Json | undefined;
        const described = schema && (Object.keys(schema.properties ?? {}).length > 0 || schema.oneOf || schema.anyOf || schema.allOf);
        if (/json/.test(type) && !described) bare.push(`${method} ${path} ${status}`);
      }
    }
  }
  expect(bare).toEqual([]);
});

/** Where in a schema an object takes fields it does not name (a loose object, a bare "some object"); a map names its values' type. */
function openObjects(node: unknown, at: string, seen = new Set<string>()): string[] {
  if (!node || typeof node !== 'object') return [];
  const n = node as Json;
  if (typeof n.$ref === 'string') return seen.has(n.$ref) ? [] : openObjects(resolve(n.$ref), n.$ref, new Set([...seen, n.$ref]));
  const rest = n.additionalProperties;
  const open = n.type === 'object' && (rest === undefined || rest === true || (typeof rest === 'object' && Object.keys(rest).length === 0));
  return [...(open ? [at] : []), ...Object.entries(n).flatMap(([k, v]) => openObjects(v, `${at}/${k}`, seen))];
}

it('describes every report answer field by field, all the way down: none is a generic "range + tables" or "items" shape', () => {
  const open = operations.filter(({ op }) => op.tags.includes('Reports')).flatMap(({ path, method, op }) =>
    Object.entries(op.responses as Json).filter(([status]) => /^2/.test(status)).flatMap(([status, response]) =>
      Object.values((response as Json).content ?? {}).flatMap((media) => openObjects((media as Json).schema, `${method} ${path} ${status}`))));
  expect(open).toEqual([]);
});

it('resolves every $ref', () => {
  expect(refs(doc).filter(({ ref }) => !ref.startsWith('#/') || resolve(ref) === undefined)).toEqual([]);
});

it('documents the webhooks with their signature headers', () => {
  const twilio = doc.paths['/webhooks/twilio'].post;
  expect(twilio.parameters).toEqual(expect.arrayContaining([expect.objectContaining({ in: 'header', name: 'x-twilio-signature' })]));
  expect(doc.paths['/webhooks/generic'].post.parameters).toEqual(expect.arrayContaining([expect.objectContaining({ in: 'header', name: 'x-huixin-secret' })]));
});

it('escapes what it renders on the docs page', () => {
  const page = renderDocsPage({ ...doc, info: { ...doc.info, title: '<img src=x onerror=alert(1)>' } });
  expect(page).not.toContain('<img src=x');
  expect(page).toContain('&lt;img src=x onerror=alert(1)&gt;');
});
