import Handlebars from 'handlebars';

/**
 * One isolated Handlebars environment: strict, because a missing variable must fail loudly rather than reach a
 * customer as an empty string; no HTML escaping, because SMS is not HTML ("R&D" must stay "R&D").
 */
const env = Handlebars.create();

export type CompiledTemplate = (vars: Record<string, unknown>) => string;

export const TEMPLATE_OPTIONS = { strict: true, noEscape: true } as const;

export function compileTemplate(text: string): CompiledTemplate {
  const fn = env.compile(text, TEMPLATE_OPTIONS);
  return (vars) => fn(vars);
}

/** Parses without compiling, so validation reports syntax errors with the template's own message. */
export function parseTemplate(text: string): hbs.AST.Program {
  return env.parse(text);
}

const inlineCache = new Map<string, CompiledTemplate>();
const INLINE_CACHE_LIMIT = 500;

/** Inline rule replies are compiled once per distinct text; the cache is bounded because admins can edit freely. */
export function renderText(text: string, vars: Record<string, unknown>): string {
  let fn = inlineCache.get(text);
  if (!fn) {
    fn = compileTemplate(text);
    if (inlineCache.size >= INLINE_CACHE_LIMIT) inlineCache.delete(inlineCache.keys().next().value as string);
    inlineCache.set(text, fn);
  }
  return fn(vars);
}
