/**
 * Variables shaped as the server supplies them, each holding its own name, built from a list of variable names:
 * `slots[].option` makes `slots` a list of one item with an `option`. Validation renders every template against
 * them once, so what strict mode or Handlebars itself would only refuse at send time is refused at save.
 * @example placeholderVariables(['contact.name', 'slots', 'slots[].when']) // → { contact: { name: 'contact.name' }, slots: [{ when: 'slots[].when' }] }
 */
export function placeholderVariables(names: readonly string[]): Record<string, unknown> {
  let vars = built.get(names);
  if (!vars) built.set(names, vars = build(names));
  return vars;
}

/** The lists are the catalog's own constants, so each is built once. */
const built = new WeakMap<readonly string[], Record<string, unknown>>();

function build(names: readonly string[]): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const name of names.filter((n) => n.includes('[].'))) {
    const [list, field] = name.split('[].');
    const items = Array.isArray(root[list]) ? root[list] as Array<Record<string, unknown>> : (root[list] = [{}]) as Array<Record<string, unknown>>;
    setIfAbsent(items[0], field.split('.'), name);
  }
  for (const name of names.filter((n) => !n.includes('[].'))) setIfAbsent(root, name.split('.'), name);
  return root;
}

function setIfAbsent(target: Record<string, unknown>, parts: string[], value: string): void {
  let at = target;
  for (const part of parts.slice(0, -1)) {
    const next = Object.hasOwn(at, part) ? at[part] : (at[part] = {});
    if (typeof next !== 'object' || next === null) return;
    at = next as Record<string, unknown>;
  }
  const last = parts[parts.length - 1];
  if (!Object.hasOwn(at, last)) at[last] = value;
}
