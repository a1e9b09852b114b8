import { parseTemplate } from './env';

/**
 * Variables the server supplies when it renders a reply. `slots[].option` names a field of each item inside
 * `{{#each slots}}`. Effects may add their own (menu_clarify gets `options`).
 */
export const TEMPLATE_VARIABLES = [
  'business.name', 'contact.name', 'contact.phone',
  'appointment.service', 'appointment.when', 'appointment.location',
  'slots', 'slots[].option', 'slots[].when', 'reopensAt', 'score', 'options',
] as const;

/** The parts of Handlebars' AST this walk reads; every node type has a subset of them. */
interface Node {
  type: string;
  path?: Node; params?: Node[]; program?: Node; inverse?: Node; body?: Node[];
  parts?: string[]; data?: boolean; original?: unknown;
}

const HELPERS_WITH_SCOPE = new Set(['each', 'with']);

function pathName(node: Node | undefined): string | undefined {
  if (!node || node.type !== 'PathExpression' || node.data || node.original === 'this' || node.original === '.') return undefined;
  return node.parts?.join('.');
}

function walk(node: Node | undefined, scope: string, out: Set<string>): void {
  if (!node) return;
  const prefixed = (name: string) => (scope ? `${scope}[].${name}` : name);
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
  const inner = node.type === 'BlockStatement' && head && HELPERS_WITH_SCOPE.has(head) && first ? first : scope;
  walk(node.program, inner, out);
  walk(node.inverse, scope, out);
}

/**
 * The variables a template reads, for validation and for the admin editor's list.
 * @example templateVariables('{{#each slots}}{{option}}. {{when}}{{/each}}') // → ['slots', 'slots[].option', 'slots[].when']
 */
export function templateVariables(text: string): string[] {
  const out = new Set<string>();
  walk(parseTemplate(text) as unknown as Node, '', out);
  return [...out];
}
