/**
 * Inbox shortcuts (ignored while typing in a field): j / k next / previous conversation, r reply, e resolve,
 * / search. Returns the function that removes them.
 */
export function bindShortcuts(actions: { next(): void; previous(): void; reply(): void; resolve(): void; search(): void }): () => void {
  const onKey = (event: KeyboardEvent) => {
    const target = event.target as HTMLElement;
    if (event.metaKey || event.ctrlKey || event.altKey || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName)) return;
    const action = ({ j: actions.next, ArrowDown: actions.next, k: actions.previous, ArrowUp: actions.previous, r: actions.reply, e: actions.resolve, '/': actions.search } as Record<string, (() => void) | undefined>)[event.key];
    if (!action) return;
    event.preventDefault();
    action();
  };
  window.addEventListener('keydown', onKey);
  return () => window.removeEventListener('keydown', onKey);
}
