import type { Rng } from './fuzz-random';
import type { FieldKind, RouteSpec } from './fuzz-routes';
import { CONTENT_TYPES, deepJsonText, junkRawBody, junkText, junkValue, PROTOTYPE_KEYS } from './fuzz-values';

/** What the server holds, so that some fuzzed requests get past "not found" into the code behind it. */
export interface KnownValues {
  ids: number[];
  messageIds: number[];
  versions: string[];
  templateKeys: string[];
  intents: readonly string[];
  tags: string[];
  phones: string[];
  cursors: string[];
  commands: readonly string[];
  feeds: Array<{ kind: string; id: number; token: string }>;
}

export interface FuzzRequest { method: string; url: string; headers: Record<string, string>; body?: string }

/** A value the route might accept: a real id, a real key, a well-formed time. */
function plausible(rng: Rng, kind: FieldKind, known: KnownValues): unknown {
  if (Array.isArray(kind)) return rng.pick(kind);
  switch (kind) {
    case 'id': return rng.chance(0.8) && known.ids.length ? rng.pick(known.ids) : rng.int(1, 50);
    case 'ids': return Array.from({ length: rng.int(1, 4) }, () => String(rng.pick(known.ids)));
    case 'text': return rng.pick(['人工', 'TD', '1', '2', 'B', '你好', '改到周四下午四点', 'HELP', 'hello there', '地址']);
    case 'phone': return rng.pick(known.phones);
    case 'email': return rng.pick(['wang@clinic.example', 'admin@test.local', 'nobody@example.com']);
    case 'instant': return new Date(Date.UTC(2026, 10, rng.int(20, 40), rng.int(0, 23))).toISOString();
    case 'limit': return rng.int(1, 60);
    case 'bool': return rng.chance(0.5);
    case 'number': return rng.pick([0, 1, 5, 0.5, 100]);
    case 'version': return rng.pick(known.versions);
    case 'token': return rng.pick(known.feeds).token;
    case 'cursor': return rng.pick(known.cursors);
    case 'locale': return rng.pick(['zh-CN', 'en', 'zh-TW', 'fr']);
    case 'timezone': return rng.pick(['Asia/Shanghai', 'America/New_York', 'UTC']);
    case 'template-key': return rng.pick(known.templateKeys);
    case 'intent': return rng.pick([...known.intents, null]);
    case 'hhmm-pair': return ['09:00', '18:00'];
    case 'bodies': return { 'zh-CN': rng.pick(['您好 {{contact.name}}', '{{#each slots}}{{option}}{{/each}}', '{{> partial}}', '{{log contact.phone}}', '{{constructor}}']), en: 'hi' };
    case 'rule-match': return { kind: rng.pick(['exact', 'contains', 'regex', 'fuzzy', 'intent']), patterns: [rng.pick(['^(a+)+$', '(?<=x)y', '(a)\\1', 'hello', '[', '你好'])] };
    case 'object': return rng.chance(0.5) ? {} : { rules: [], settings: { timezone: 'Asia/Shanghai' } };
    case 'array': return [];
  }
}

const valueFor = (rng: Rng, kind: FieldKind, known: KnownValues): unknown => (rng.chance(0.6) ? plausible(rng, kind, known) : junkValue(rng));

/** Percent-encodes like a client would; a lone surrogate (which encodeURIComponent refuses) goes out as its raw UTF-8 bytes. */
function encode(text: string): string {
  try { return encodeURIComponent(text); } catch { return [...Buffer.from(text)].map((b) => `%${b.toString(16).padStart(2, '0')}`).join(''); }
}

/** A route parameter: usually one the server knows, otherwise junk that must not reach a query. */
function paramFor(rng: Rng, name: string, known: KnownValues): string {
  if (rng.chance(0.35)) return encode(junkText(rng)) || '%20';
  if (rng.chance(0.05)) return rng.pick(['%', '%E0%A4%A', '%zz', '..%2F..%2Fetc%2Fpasswd']);   // malformed escapes
  switch (name) {
    case 'version': return rng.pick(known.versions);
    case 'key': return encode(rng.pick(known.templateKeys));
    case 'intent': return rng.pick(known.intents);
    case 'messageId': return String(rng.pick(known.messageIds));
    case 'tag': return encode(rng.pick(known.tags));
    case 'kind': return rng.pick(['staff', 'locations', 'rooms']);
    case 'command': return rng.pick(known.commands);
    default: return String(rng.pick(known.ids));
  }
}

function queryFor(rng: Rng, spec: RouteSpec, known: KnownValues): string {
  const pairs: Array<[string, string]> = [];
  for (const [key, kind] of Object.entries(spec.query ?? {})) {
    if (rng.chance(0.4)) continue;
    const value = valueFor(rng, kind, known);
    pairs.push([key, typeof value === 'string' ? value : JSON.stringify(value) ?? '']);
    if (rng.chance(0.12)) pairs.push([key, String(plausible(rng, kind, known))]);   // repeated: express makes an array
  }
  if (rng.chance(0.15)) pairs.push([rng.pick([...PROTOTYPE_KEYS, 'a[b]', 'a[]', junkText(rng)]), junkText(rng)]);
  const encoded = pairs.map(([k, v]) => `${encode(k)}=${rng.chance(0.05) ? v.replace(/[^%]/g, '%') : encode(v)}`);
  if (spec.query?.token && known.feeds.length && rng.chance(0.3)) {
    const feed = rng.pick(known.feeds);
    encoded.push(`token=${feed.token}`);
  }
  return encoded.length ? `?${encoded.join('&')}` : '';
}

/** The body: the route's own fields with plausible or junk values, or something that is not that at all. */
function bodyFor(rng: Rng, spec: RouteSpec, known: KnownValues): { body?: string; contentType?: string } {
  const fields = spec.body ?? {};
  const shaped = () => Object.fromEntries(Object.entries(fields).filter(() => rng.chance(0.8)).map(([k, kind]) => [k, valueFor(rng, kind, known)]));
  return rng.weighted<() => { body?: string; contentType?: string }>([
    [6, () => {
      const obj = shaped();
      if (spec.form) return { body: new URLSearchParams(Object.entries(obj).map(([k, v]): [string, string] => [k, typeof v === 'string' ? v : JSON.stringify(v) ?? ''])).toString(), contentType: 'application/x-www-form-urlencoded' };
      return { body: JSON.stringify(obj), contentType: 'application/json' };
    }],
    [1, () => ({ body: JSON.stringify(junkValue(rng)) ?? 'null', contentType: rng.pick(CONTENT_TYPES) })],
    [1, () => ({ body: JSON.stringify({ ...shaped(), [rng.pick(PROTOTYPE_KEYS)]: junkValue(rng) }), contentType: 'application/json' })],
    [1, () => ({ body: junkRawBody(rng), contentType: rng.pick(CONTENT_TYPES) })],
    [0.5, () => ({ body: `{${JSON.stringify(rng.pick(Object.keys(fields).length ? Object.keys(fields) : ['x']))}:${deepJsonText(rng.int(500, 10_000))}}`, contentType: 'application/json' })],
    [0.5, () => ({})],
  ])();
}

export type Caller = 'admin' | 'agent' | 'anonymous' | 'forged';

/** One fuzzed request for `spec`, as `caller`. */
export function fuzzRequest(rng: Rng, spec: RouteSpec, known: KnownValues, tokens: Record<'admin' | 'agent', string>, caller: Caller): FuzzRequest {
  const path = spec.path.replace(/:(\w+)/g, (_m, name: string) => paramFor(rng, name, known));
  const headers: Record<string, string> = {};
  if (caller === 'admin' || caller === 'agent') headers.authorization = `Bearer ${tokens[caller]}`;
  if (caller === 'forged') {
    Object.assign(headers, rng.pick([
      { authorization: `Bearer ${junkText(rng).replace(/[^\x20-\x7e]/g, '?')}` }, { authorization: 'Basic YWRtaW46YWRtaW4=' },
      { cookie: 'huixin_session=%E0%A4%A' }, { cookie: `huixin_session=${'a'.repeat(5000)}` }, { cookie: '__proto__=1; constructor=2' },
    ]));
  }
  const { body, contentType } = spec.method === 'GET' && rng.chance(0.9) ? {} : bodyFor(rng, spec, known);
  if (contentType) headers['content-type'] = contentType;
  if (rng.chance(0.03)) headers['content-encoding'] = rng.pick(['gzip', 'br', 'x-unknown']);
  return { method: spec.method, url: `${path}${queryFor(rng, spec, known)}`, headers, body };
}
