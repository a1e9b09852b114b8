import Handlebars from 'handlebars';
import { refusedConstruct, SMS_BLOCK_HELPERS } from './sms-syntax';

/**
 * The one Handlebars environment for SMS, used by save-time validation and send-time rendering alike, so that
 * whatever saves also renders. Strict, because a missing variable must fail loudly rather than reach a customer
 * as an empty string; no HTML escaping, because SMS is not HTML ("R&D" must stay "R&D"). Locked down: only the
 * block helpers in SMS_BLOCK_HELPERS exist, and no template reads past its variables into prototypes.
 */
const env = Handlebars.create();
for (const name of Object.keys(env.helpers)) {
  // helperMissing and blockHelperMissing are Handlebars' own plumbing for plain variables and {{#each}} sections.
  if (!(SMS_BLOCK_HELPERS as readonly string[]).includes(name) && !name.endsWith('Missing')) env.unregisterHelper(name);
}
for (const name of Object.keys(env.decorators)) env.unregisterDecorator(name);

export type CompiledTemplate = (vars: Record<string, unknown>) => string;

/** Every helper Handlebars would call without asking is turned off (log, lookup, with), and no other is known. */
const KNOWN_HELPERS = { ...Object.fromEntries(['log', 'lookup', 'with'].map((h) => [h, false])), ...Object.fromEntries(SMS_BLOCK_HELPERS.map((h) => [h, true])) };

export const TEMPLATE_OPTIONS = { strict: true, noEscape: true, knownHelpersOnly: true, knownHelpers: KNOWN_HELPERS } as const;

/** Handlebars' defaults today, written down so an upgrade cannot quietly open `{{contact.constructor}}`. */
const RUNTIME_OPTIONS = { allowProtoPropertiesByDefault: false, allowProtoMethodsByDefault: false, allowCallsToHelperMissing: false } as const;

/** A construct SMS templates do not allow; the message says which. */
export class TemplateRefusedError extends Error {}

/** Parses without compiling, so validation reports syntax errors with the template's own message. */
export function parseTemplate(text: string): hbs.AST.Program {
  return env.parse(text);
}

const compiled = new Map<string, CompiledTemplate>();
/** Enough for every body and inline reply of a large ruleset, so validating and compiling it share the work. */
const CACHE_LIMIT = 5000;

/**
 * Compiles exactly the parsed text that was checked. Cached per distinct text (bounded, because admins can
 * edit freely). Throws a parse error or TemplateRefusedError; Handlebars' own compile errors surface at the
 * first render, which validation does with sample variables.
 */
export function compileTemplate(text: string): CompiledTemplate {
  const hit = compiled.get(text);
  if (hit) return hit;
  const ast = parseTemplate(text);
  const refused = refusedConstruct(ast);
  if (refused) throw new TemplateRefusedError(refused);
  const template = env.compile(ast, TEMPLATE_OPTIONS);
  const fn: CompiledTemplate = (vars) => template(vars, RUNTIME_OPTIONS);
  if (compiled.size >= CACHE_LIMIT) compiled.delete(compiled.keys().next().value as string);
  compiled.set(text, fn);
  return fn;
}

/** Inline rule replies go through the same compile as stored templates. */
export function renderText(text: string, vars: Record<string, unknown>): string {
  return compileTemplate(text)(vars);
}
