import { createHash } from 'node:crypto';

/**
 * The OpenAPI document as one readable HTML page, rendered here on the server: no script, no CDN (the CSP allows
 * neither, and an install may have no internet). Every text from the document is escaped.
 */

type Json = Record<string, unknown>;
const MAX_DEPTH = 6;

const escapeHtml = (value: unknown) =>
  String(value).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const asObject = (v: unknown): Json => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});

export const DOCS_STYLE = [
  // A phone's width: long paths and patterns in the text break inside themselves rather than scroll the page sideways.
  'body{font:14px/1.5 system-ui,sans-serif;max-width:72rem;margin:2rem auto;padding:0 1rem;color:#1f2933;overflow-wrap:anywhere}',
  'h2{border-bottom:1px solid #cbd2d9;margin-top:2.5rem}',
  'section.op{border:1px solid #e4e7eb;border-radius:6px;padding:.5rem 1rem;margin:1rem 0}',
  '.m{display:inline-block;min-width:4.5rem;font-weight:700;text-transform:uppercase}',
  '.m.get{color:#0b6e4f}.m.post{color:#1c5fb8}.m.put,.m.patch{color:#a35d00}.m.delete{color:#b42318}',
  'code{background:#f5f7fa;padding:0 .2rem}ul{margin:.2rem 0}.req{color:#b42318}.t{color:#52606d}',
  // The tag links wrap between links, not inside one.
  'nav{display:flex;flex-wrap:wrap;gap:.25rem 1rem}nav a{white-space:nowrap}',
].join('');

/** The Content-Security-Policy of the page: nothing but its own inline style, by hash. */
export const DOCS_CSP = `default-src 'none'; style-src 'sha256-${createHash('sha256').update(DOCS_STYLE).digest('base64')}'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'`;

const schemaAnchor = (name: string) => `schema-${name.replace(/[^A-Za-z0-9_-]/g, '-')}`;

/** A schema as nested lists: each field with its type, whether it is required, and its description. */
function renderSchema(doc: Json, schema: unknown, depth = 0): string {
  const s = asObject(schema);
  // A named schema is written once, under Schemas, and linked to wherever it is used.
  if (typeof s.$ref === 'string') {
    const name = s.$ref.split('/').pop()!;
    return `<a href="#${schemaAnchor(name)}">${escapeHtml(name)}</a>${s.description ? ` — ${escapeHtml(s.description)}` : ''}`;
  }
  const parts: string[] = [];
  const type = Array.isArray(s.type) ? s.type.join(' | ') : s.type;
  const label = [type ?? (s.anyOf || s.oneOf ? 'one of' : s.allOf ? 'all of' : 'any'), s.format, s.const !== undefined ? `= ${JSON.stringify(s.const)}` : undefined]
    .filter((p) => p !== undefined).join(' ');
  parts.push(`<span class="t">${escapeHtml(label)}</span>`);
  if (Array.isArray(s.enum)) parts.push(`: ${s.enum.map((v) => `<code>${escapeHtml(JSON.stringify(v))}</code>`).join(' ')}`);
  if (s.pattern) parts.push(` <span class="t">matching <code>${escapeHtml(s.pattern)}</code></span>`);
  if (s.description) parts.push(` — ${escapeHtml(s.description)}`);
  if (depth >= MAX_DEPTH) return parts.join('');
  const props = asObject(s.properties);
  const required = new Set(Array.isArray(s.required) ? s.required : []);
  const fields = Object.entries(props).map(([name, sub]) =>
    `<li><code>${escapeHtml(name)}</code>${required.has(name) ? ' <span class="req">required</span>' : ''} ${renderSchema(doc, sub, depth + 1)}</li>`);
  if (fields.length) parts.push(`<ul>${fields.join('')}</ul>`);
  if (s.items) parts.push(`<ul><li>items: ${renderSchema(doc, s.items, depth + 1)}</li></ul>`);
  for (const key of ['anyOf', 'oneOf', 'allOf'] as const) {
    if (Array.isArray(s[key])) parts.push(`<ul>${(s[key] as unknown[]).map((alt) => `<li>${renderSchema(doc, alt, depth + 1)}</li>`).join('')}</ul>`);
  }
  return parts.join('');
}

function renderContent(doc: Json, content: unknown): string {
  return Object.entries(asObject(content))
    .map(([type, media]) => `<div><code>${escapeHtml(type)}</code> ${asObject(media).schema ? renderSchema(doc, asObject(media).schema) : ''}</div>`).join('');
}

function renderOperation(doc: Json, path: string, method: string, op: Json): string {
  const params = (Array.isArray(op.parameters) ? op.parameters : []).map(asObject);
  const security = (Array.isArray(op.security) ? op.security : []).flatMap((s) => Object.keys(asObject(s)));
  const body = asObject(op.requestBody);
  const responses = Object.entries(asObject(op.responses)).map(([status, r]) =>
    `<li><strong>${escapeHtml(status)}</strong> ${escapeHtml(asObject(r).description ?? '')}${renderContent(doc, asObject(r).content)}</li>`);
  return [
    `<section class="op" id="${escapeHtml(String(op.operationId ?? ''))}">`,
    `<h3><span class="m ${escapeHtml(method)}">${escapeHtml(method)}</span> <code>${escapeHtml(path)}</code></h3>`,
    `<p>${escapeHtml(op.summary ?? '')}</p>`,
    op.description ? `<p>${escapeHtml(op.description)}</p>` : '',
    `<p class="t">Authentication: ${security.length ? escapeHtml(security.join(' or ')) : 'none (see the description)'}</p>`,
    params.length ? `<h4>Parameters</h4><ul>${params.map((p) =>
      `<li><code>${escapeHtml(p.name)}</code> in ${escapeHtml(p.in)}${p.required ? ' <span class="req">required</span>' : ''} ${renderSchema(doc, p.schema)}${p.description ? ` — ${escapeHtml(p.description)}` : ''}</li>`).join('')}</ul>` : '',
    body.content ? `<h4>Body</h4>${renderContent(doc, body.content)}` : '',
    `<h4>Responses</h4><ul>${responses.join('')}</ul>`,
    '</section>',
  ].join('');
}

/** The whole page: a table of contents by tag, then each tag's operations in document order. */
export function renderDocsPage(document: object): string {
  const doc = document as Json;
  const info = asObject(doc.info);
  const byTag = new Map<string, string[]>();
  for (const [path, item] of Object.entries(asObject(doc.paths))) {
    for (const [method, op] of Object.entries(asObject(item))) {
      const tag = String((asObject(op).tags as unknown[] | undefined)?.[0] ?? 'Other');
      byTag.set(tag, [...(byTag.get(tag) ?? []), renderOperation(doc, path, method, asObject(op))]);
    }
  }
  const anchor = (tag: string) => `tag-${tag.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
  return [
    '<!doctype html><html lang="en"><head><meta charset="utf-8">',
    `<title>${escapeHtml(info.title)} — API</title><style>${DOCS_STYLE}</style></head><body>`,
    `<h1>${escapeHtml(info.title)} <small class="t">${escapeHtml(info.version)}</small></h1>`,
    `<p>${escapeHtml(info.description ?? '')} The machine-readable document: <a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI ${escapeHtml(doc.openapi)}).</p>`,
    `<nav>${[...byTag.keys()].map((tag) => `<a href="#${anchor(tag)}">${escapeHtml(tag)}</a>`).join('')}<a href="#schemas">Schemas</a></nav>`,
    ...[...byTag].map(([tag, ops]) => `<h2 id="${anchor(tag)}">${escapeHtml(tag)}</h2>${ops.join('')}`),
    '<h2 id="schemas">Schemas</h2>',
    ...Object.entries(asObject(asObject(doc.components).schemas)).map(([name, schema]) =>
      `<section class="op" id="${schemaAnchor(name)}"><h3>${escapeHtml(name)}</h3>${renderSchema(doc, schema)}</section>`),
    '</body></html>',
  ].join('\n');
}
