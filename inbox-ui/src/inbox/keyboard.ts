/**
 * Inbox shortcuts (ignored while typing in a field): j / k next / previous conversation, r reply, e resolve,
 * / search, n new conversation; Escape leaves a field, so the hands never need the mouse to get back to them. Returns the function
 * that removes them.
 */
export function bindShortcuts(actions: { next(): void; previous(): void; reply(): void; resolve(): void; search(): void; newConversation?(): void }): () => void {
  const onKey = (event: KeyboardEvent) => {
    const target = event.target as HTMLElement;
    const inField = ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
    // A field's own Escape (closing the @mention list) comes first.
    if (inField && event.key === 'Escape' && !event.defaultPrevented) { target.blur(); return; }
    if (event.metaKey || event.ctrlKey || event.altKey || inField) return;
    const action = ({ j: actions.next, ArrowDown: actions.next, k: actions.previous, ArrowUp: actions.previous, r: actions.reply, e: actions.resolve, '/': actions.search, n: actions.newConversation } as Record<string, (() => void) | undefined>)[event.key];
    if (!action) return;
    event.preventDefault();
    action();
  };
  window.addEventListener('keydown', onKey);
  return () => window.removeEventListener('keydown', onKey);
}
