import type { Rng } from './fuzz-random';

/**
 * What a careless client or an attacker sends: wrong types, out-of-range numbers, prototype keys, unicode that
 * breaks naive code (lone surrogates, NUL, right-to-left marks, astral characters), deep and huge structures.
 */

export const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf'] as const;

const UNICODE_JUNK = ['\u0000', '\ud800', '\udfff', '\u202e', '\ufeff', '\uffff', '𠮷', '👩‍👩‍👧‍👦', 'Ｔ', '退订', 'ǅ', '\r\n', '\t', '%', '%00', '%zz', '../', '\\', "'", '"', '`', '<script>', '{{', '}}', '${x}'] as const;

const NUMBERS_AS_TEXT = ['0', '-1', '1.5', '1e400', '-1e400', '1e3', '0x10', '  7', '7 ', '+3', '99999999999', '9007199254740993', 'NaN', 'Infinity', '', '١٢', '１'] as const;

export function junkText(rng: Rng): string {
  return rng.weighted<() => string>([
    [4, () => rng.pick(UNICODE_JUNK)],
    [3, () => rng.pick(NUMBERS_AS_TEXT)],
    [2, () => rng.pick(PROTOTYPE_KEYS)],
    [2, () => Array.from({ length: rng.int(1, 8) }, () => rng.pick(UNICODE_JUNK)).join('')],
    [1, () => 'a'.repeat(rng.pick([255, 256, 1601, 4001, 20_000]))],
    [1, () => String.fromCharCode(...Array.from({ length: rng.int(1, 20) }, () => rng.int(0, 0xffff)))],
  ])();
}

/** Any JSON value, mostly small, now and then deep or large. */
export function junkValue(rng: Rng, depth = 0): unknown {
  const leaf = (): unknown => rng.weighted<() => unknown>([
    [3, () => junkText(rng)],
    [2, () => rng.pick([0, -1, 1, 1.5, -0, 2 ** 31, 2 ** 53 + 2, 1e308, -1e308, Number.MIN_VALUE])],
    [2, () => rng.pick([null, true, false])],
    [1, () => rng.pick(PROTOTYPE_KEYS)],
  ])();
  if (depth > 3) return leaf();
  return rng.weighted<() => unknown>([
    [6, leaf],
    [1, () => Array.from({ length: rng.int(0, 4) }, () => junkValue(rng, depth + 1))],
    [1, () => Object.fromEntries(Array.from({ length: rng.int(0, 4) }, () => [rng.chance(0.4) ? rng.pick(PROTOTYPE_KEYS) : junkText(rng), junkValue(rng, depth + 1)]))],
    [0.3, () => deepNesting(rng.int(50, 1000))],
    [0.2, () => Array.from({ length: rng.int(1000, 5000) }, (_, i) => i)],
  ])();
}

/** `[[[…]]]` as a value: recursive code that walks input without a depth limit overflows its stack on it. */
export function deepNesting(depth: number): unknown {
  let v: unknown = 'bottom';
  for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { a: v };
  return v;
}

/** The same as JSON text, deeper than JSON.stringify itself could write. */
export const deepJsonText = (depth: number): string => `${'{"a":['.repeat(depth)}"bottom"${']}'.repeat(depth)}`;

/** Raw bodies that are not what the Content-Type promises, or not JSON at all. */
export function junkRawBody(rng: Rng): string {
  return rng.pick([
    '', '{', '{"a":', 'null', '"text"', '[]', '1e400', '{"id":1e400}', 'undefined', "{'single':'quotes'}",
    '{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}',
    `${'['.repeat(20_000)}${']'.repeat(20_000)}`, `{"text":"${'x'.repeat(300_000)}"}`, '\u0000\u0001\u0002',
    '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\nb\r\n--x--', 'a=1&a=2&__proto__[x]=1&constructor[prototype][y]=2',
    '<?xml version="1.0"?><a>b</a>', '\ufeff{"text":"bom"}',
  ]);
}

export const CONTENT_TYPES = [
  'application/json', 'application/json; charset=utf-8', 'application/json; charset=utf-16', 'application/json; charset=bogus',
  'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml', 'application/merge-patch+json', '',
] as const;
