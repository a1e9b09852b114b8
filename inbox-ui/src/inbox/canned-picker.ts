import { computed, ref, type Ref } from 'vue';
import type { CannedPreview } from '../../../server/canned/canned-contract';

/**
 * The `/shortcut` list of the reply box (Chatwoot's habit): open while the box holds only `/` and a partial
 * shortcut; shortcuts that start with what was typed come first, then those that contain it. Esc closes it for
 * that text; typing on opens it again. Only replies that fill in for this contact can be chosen.
 */
export function useCannedPicker(draft: Ref<string>, canned: () => CannedPreview[], enabled: () => boolean) {
  const index = ref(0);
  const dismissedAt = ref<string | null>(null);
  const query = computed(() => {
    const typed = /^\/([a-z0-9_-]*)$/i.exec(draft.value);
    return typed && enabled() && dismissedAt.value !== draft.value ? typed[1].toLowerCase() : null;
  });
  const matches = computed(() => {
    const q = query.value;
    if (q === null) return [];
    const usable = canned().filter((c) => c.preview !== null);
    return [...usable.filter((c) => c.shortcut.startsWith(q)), ...usable.filter((c) => !c.shortcut.startsWith(q) && c.shortcut.includes(q))].slice(0, 8);
  });
  const open = computed(() => query.value !== null);

  /** Handles ↑ ↓ Enter Tab Esc while the list is open; `choose` gets the reply picked. True when the key was used. */
  function onKey(event: KeyboardEvent, choose: (c: CannedPreview) => void): boolean {
    if (!open.value) return false;
    const n = matches.value.length;
    if (event.key === 'Escape') { dismissedAt.value = draft.value; return true; }
    if (n === 0) return event.key === 'Enter';
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      index.value = (index.value + (event.key === 'ArrowDown' ? 1 : n - 1)) % n;
      return true;
    }
    if (event.key === 'Enter' || event.key === 'Tab') { choose(matches.value[Math.min(index.value, n - 1)]); return true; }
    return false;
  }

  return { open, matches, index, onKey, reset: () => { index.value = 0; } };
}
