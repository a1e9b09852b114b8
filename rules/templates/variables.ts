import { parseTemplate } from './env';

/**
 * Variables the server supplies when it renders a reply. `slots[].option` names a field of each item inside
 * `{{#each slots}}`. Effects may add their own (menu_clarify gets `options`).
 */
export const TEMPLATE_VARIABLES = [
  'business.name', 'business.phone', 'contact.name', 'contact.phone',
  'appointment.service', 'appointment.when', 'appointment.location',
  'slots', 'slots[].option', 'slots[].when', 'reopensAt', 'score', 'options',
] as const;

/** The parts of Handlebars' AST this walk reads; every node type has a subset of them. */
interface Node {
  type: string;
  path?: Node; params?: Node[]; program?: Node; inverse?: Node; body?: Node[];
  parts?: string[]; data?: boolean; original?: unknown;
}

/** Blocks whose inside reads fields of their argument's items (`with` is not allowed in SMS templates). */
const HELPERS_WITH_SCOPE = new Set(['each']);

/** `@root.contact.name` reads the same variable as `contact.name` at the top: it is checked like one. */
const ROOT = '@root.';

function pathName(node: Node | undefined): string | undefined {
  if (!node || node.type !== 'PathExpression' || node.original === 'this' || node.original === '.') return undefined;
  if (node.data) return node.parts?.[0] === 'root' && node.parts.length > 1 ? ROOT + node.parts.slice(1).join('.') : undefined;
  return node.parts?.join('.');
}

function walk(node: Node | undefined, scope: string, out: Set<string>): void {
  if (!node) return;
  const prefixed = (name: string) => (name.startsWith(ROOT) ? name.slice(ROOT.length) : scope ? `${scope}[].${name}` : name);
  if (node.type === 'Program') { node.body?.forEach((n) => walk(n, scope, out)); return; }
  if (!['MustacheStatement', 'SubExpression', 'BlockStatement'].includes(node.type)) return;
  const params = node.params ?? [];
  const head = pathName(node.path);
  // {{name}} reads a variable; {{helper arg}} and {{#block arg}} read their arguments.
  if (head && params.length === 0 && node.type !== 'BlockStatement') out.add(prefixed(head));
  for (const p of params) {
    const name = pathName(p);
    if (name) out.add(prefixed(name)); else walk(p, scope, out);
  }
  const first = pathName(params[0]);
  const inner = node.type === 'BlockStatement' && head && HELPERS_WITH_SCOPE.has(head) && first ? first.slice(first.startsWith(ROOT) ? ROOT.length : 0) : scope;
  walk(node.program, inner, out);
  walk(node.inverse, scope, out);
}

/**
 * The variables a template reads, for validation and for the admin editor's list.
 * @example templateVariables('{{#each slots}}{{option}}. {{when}}{{/each}}') // → ['slots', 'slots[].option', 'slots[].when']
 */
export function templateVariables(text: string): string[] {
  return variablesIn(parseTemplate(text));
}

/** The same, for a template already parsed. */
export function variablesIn(ast: hbs.AST.Program): string[] {
  const out = new Set<string>();
  walk(ast as unknown as Node, '', out);
  return [...out];
}
