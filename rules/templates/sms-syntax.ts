/**
 * The Handlebars an SMS template may use: variables, and the block helpers below. Everything else Handlebars
 * offers is refused before compiling, because each has hurt or could hurt a clinic: a partial (`{{> x}}`) exists
 * nowhere and failed every send that reached it; `{{log …}}` wrote customers' phone numbers to stdout;
 * `{{lookup obj "constructor"}}` reaches past the variables; decorators run code at compile time.
 */
export const SMS_BLOCK_HELPERS = ['each', 'if', 'unless'] as const;

const ALLOWED = new Set<string>(SMS_BLOCK_HELPERS);
const ALLOWED_TEXT = SMS_BLOCK_HELPERS.map((h) => `{{#${h}}}`).join(', ');

/** The parts of Handlebars' AST this check reads. */
interface Node {
  type: string;
  path?: Node; params?: Node[]; hash?: { pairs: Array<{ value: Node }> }; program?: Node; inverse?: Node; body?: Node[];
  original?: unknown;
}

function refused(node: Node | undefined): string | undefined {
  if (!node) return undefined;
  switch (node.type) {
    case 'Program':
      return first(node.body ?? []);
    case 'PartialStatement': case 'PartialBlockStatement':
      return 'partials ({{> …}}) are not allowed in SMS templates';
    case 'Decorator': case 'DecoratorBlock':
      return 'decorators and inline partials ({{* …}}, {{#* …}}) are not allowed in SMS templates';
    case 'BlockStatement': {
      const name = String(node.path?.original);
      if (!ALLOWED.has(name)) return `{{#${name}}} is not allowed in SMS templates; the blocks allowed are ${ALLOWED_TEXT}`;
      return first([...(node.params ?? []), ...hashValues(node), node.program, node.inverse]);
    }
    case 'MustacheStatement': case 'SubExpression': {
      // A mustache with arguments is a helper call; SMS templates only print variables.
      const isCall = (node.params?.length ?? 0) > 0 || node.hash !== undefined || node.type === 'SubExpression';
      if (isCall) return `the helper "${String(node.path?.original)}" is not allowed in SMS templates; print a variable ({{contact.name}}) or use ${ALLOWED_TEXT}`;
      return undefined;
    }
    default:
      return undefined;
  }
}

function first(nodes: Array<Node | undefined>): string | undefined {
  for (const n of nodes) {
    const why = refused(n);
    if (why) return why;
  }
  return undefined;
}

const hashValues = (node: Node): Node[] => node.hash?.pairs.map((p) => p.value) ?? [];

/**
 * What in a parsed template SMS does not allow, in words an admin can act on, or undefined when all is allowed.
 * @example refusedConstruct(parseTemplate('hi {{> foo}}')) // → 'partials ({{> …}}) are not allowed in SMS templates'
 */
export function refusedConstruct(ast: hbs.AST.Program): string | undefined {
  return refused(ast as unknown as Node);
}
